namespace DumpLock.Analysis;

/// <summary>The one-word answer; names match the JSON <c>summary.verdict</c> strings.</summary>
public enum Verdict
{
    /// <summary>Nothing waits on a lock, thread or task.</summary>
    Ok,
    /// <summary>Threads wait on something, but no cycle.</summary>
    Blocked,
    /// <summary>At least one cycle.</summary>
    Deadlock,
}
