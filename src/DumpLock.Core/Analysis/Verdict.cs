namespace DumpLock.Analysis;

/// <summary>
/// The one-word answer; names match the JSON <c>summary.verdict</c> strings. The first that holds
/// wins, in this order: deadlock, starvation, inconclusive, blocked, ok.
/// </summary>
public enum Verdict
{
    /// <summary>Nothing waits on a lock, thread, task or type initializer.</summary>
    Ok,
    /// <summary>Threads wait on something, but no cycle.</summary>
    Blocked,
    /// <summary>No hang cause found, but the dump or the reader did not let DumpLock see all it needs.</summary>
    Inconclusive,
    /// <summary>The thread pool cannot run its queued work because its workers are blocked.</summary>
    Starvation,
    /// <summary>At least one cycle of waits none of which ends by itself.</summary>
    Deadlock,
}
