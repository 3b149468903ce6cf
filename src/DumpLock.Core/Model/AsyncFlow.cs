using System.Collections.Immutable;

namespace DumpLock.Model;

/// <summary>
/// A pending async operation that no thread is running: its logical stack, innermost first (the
/// method suspended at an await, then the method awaiting it, …), each frame at the line of its
/// await; what the innermost awaits; and the async locks (SemaphoreSlim(1, 1) taken with
/// WaitAsync) it holds across that await. <see cref="Id"/> is "A1", "A2", … within one report.
/// </summary>
public sealed record AsyncFlow(string Id, ImmutableArray<Frame> Frames, FlowAwait Awaiting)
{
    /// <summary>Ids of the locks this flow holds (entries of <see cref="Snapshot.Locks"/>).</summary>
    public ImmutableArray<string> Holds { get; init; } = [];

    /// <summary>How many pending flows had this same stack and wait; they are shown once.</summary>
    public int Count { get; init; } = 1;
}

/// <summary>
/// What a flow awaits. <see cref="Kind"/>: a semaphore (<see cref="LockId"/> when it is a lock in
/// the report), another flow (<see cref="FlowId"/>), a task no thread runs (typically a
/// TaskCompletionSource's), a timer, I/O, or other (an awaiter DumpLock does not read).
/// </summary>
public sealed record FlowAwait(
    FlowAwaitKind Kind,
    ulong? ObjectAddress = null,
    string? ObjectType = null,
    string? LockId = null,
    string? FlowId = null,
    int? Count = null);

/// <summary>Names match the JSON <c>asyncFlows[].awaiting.kind</c> strings.</summary>
public enum FlowAwaitKind
{
    Semaphore,
    AsyncFlow,
    Task,
    Io,
    /// <summary>Task.Delay.</summary>
    Timer,
    Other,
}
