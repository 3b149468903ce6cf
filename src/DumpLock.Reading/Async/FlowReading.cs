using DumpLock.Model;
using DumpLock.Reading.Inspectors;

namespace DumpLock.Reading.Async;

/// <summary>
/// One pending async flow as read, before lock ids are given out: its graph node (negative,
/// <see cref="FlowNode"/>), its logical stack innermost first, what it awaits (a semaphore as an
/// <see cref="ObservedLock"/>, another flow's node, or something else), and the async locks it holds.
/// </summary>
internal sealed record FlowReading(
    int Node,
    IReadOnlyList<Frame> Frames,
    FlowAwait Awaiting,
    ObservedLock? AwaitedSemaphore,
    int? AwaitedFlowNode,
    IReadOnlyList<ObservedLock> Held)
{
    /// <summary>How many pending flows share this stack and wait.</summary>
    public int Count { get; init; } = 1;
}
