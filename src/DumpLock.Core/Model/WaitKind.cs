namespace DumpLock.Model;

/// <summary>What a thread waits for; names match the JSON <c>waitingFor.kind</c> strings.</summary>
public enum WaitKind
{
    Lock,
    Thread,
    Task,
    /// <summary>A class's static constructor, running on another thread.</summary>
    TypeInitializer,
    Event,
    /// <summary>A system call that waits for I/O: a read, a socket, epoll.</summary>
    Io,
    Other,
}
