using System.Collections.Immutable;

namespace DumpLock.Analysis;

/// <summary>
/// A cycle of threads (and async flows) that wait for each other for good. <see cref="Threads"/> are
/// the cycle's nodes in cycle order, starting with the lowest OS thread id; async flows among them
/// are negative (<see cref="Model.FlowNode"/>). <see cref="BlockedBehind"/> are threads outside the
/// cycle that wait, directly or not, for one of its members.
/// </summary>
public sealed record Deadlock(
    ImmutableArray<int> Threads,
    ImmutableArray<WaitEdge> Edges,
    ImmutableArray<int> BlockedBehind);
