namespace DumpLock.Model;

/// <summary>A lock primitive; names match the JSON <c>locks[].kind</c> strings.</summary>
public enum LockKind
{
    /// <summary>C# <c>lock</c> on an object, <c>Monitor.Enter</c>.</summary>
    Monitor,
    /// <summary><c>System.Threading.Lock</c>.</summary>
    Lock,
    ReaderWriterLockSlim,
    SemaphoreSlim,
    Mutex,
}
