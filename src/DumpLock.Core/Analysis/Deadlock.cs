using System.Collections.Immutable;

namespace DumpLock.Analysis;

/// <summary>
/// A cycle of threads that wait for each other for good. <see cref="Threads"/> are in cycle order,
/// starting with the lowest OS thread id; <see cref="BlockedBehind"/> are threads outside the cycle
/// that wait, directly or not, for one of its threads.
/// </summary>
public sealed record Deadlock(
    ImmutableArray<int> Threads,
    ImmutableArray<WaitEdge> Edges,
    ImmutableArray<int> BlockedBehind);
