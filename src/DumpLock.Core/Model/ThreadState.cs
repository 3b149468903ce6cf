namespace DumpLock.Model;

/// <summary>What a thread was doing when the dump was taken; names match the JSON strings.</summary>
public enum ThreadState
{
    /// <summary>Waiting to acquire a lock.</summary>
    Blocked,
    /// <summary>Waiting on a thread, task, event, condition or timer.</summary>
    Waiting,
    Running,
    Unknown,
}
