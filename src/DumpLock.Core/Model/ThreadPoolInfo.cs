using System.Collections.Immutable;

namespace DumpLock.Model;

/// <summary>
/// The thread pool as the dump shows it: its limits, its worker threads (OS thread ids), those
/// parked waiting for work (<see cref="IdleWorkers"/>), and how many work items wait in its queues,
/// global and per-thread. Null members were not readable.
/// </summary>
public sealed record ThreadPoolInfo(
    int? MinThreads,
    int? MaxThreads,
    ImmutableArray<int> Workers,
    ImmutableArray<int> IdleWorkers,
    int? QueuedWorkItems);
