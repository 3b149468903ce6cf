using System.Collections.Immutable;
using DumpLock.Model;

namespace DumpLock.Analysis;

/// <summary>
/// The thread pool cannot run its queued work: every worker is blocked, none idle or running,
/// while <see cref="QueuedWorkItems"/> wait. <see cref="Sites"/> group the blocked workers by the
/// frame of the program that blocks (the sync-over-async call sites), most workers first.
/// </summary>
public sealed record ThreadPoolStarvation(
    ImmutableArray<int> BlockedWorkers,
    int QueuedWorkItems,
    int? MaxThreads,
    ImmutableArray<BlockingSite> Sites);

/// <summary>Threads that block in the same frame of the program (null when no frame of the program is on their stack).</summary>
public sealed record BlockingSite(Frame? Frame, ImmutableArray<int> Threads);
