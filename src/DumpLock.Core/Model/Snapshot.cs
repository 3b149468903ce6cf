using System.Collections.Immutable;

namespace DumpLock.Model;

/// <summary>
/// Everything read from one dump: threads, locks, what could not be read that matters to the
/// verdict (<see cref="Limitations"/>) and what else is worth saying (<see cref="Warnings"/>).
/// </summary>
public sealed record Snapshot(
    SourceInfo Source,
    ImmutableArray<ThreadInfo> Threads,
    ImmutableArray<LockInfo> Locks,
    ImmutableArray<string> Warnings)
{
    public ImmutableArray<Limitation> Limitations { get; init; } = [];

    /// <summary>
    /// Pending async flows, when they were read (<see cref="AsyncFlowsRead"/>): finding them walks
    /// the heap, which the reader does only when nothing else explains the hang, or on request.
    /// </summary>
    public ImmutableArray<AsyncFlow> AsyncFlows { get; init; } = [];

    public bool AsyncFlowsRead { get; init; }

    /// <summary>The program's modules (file names) that had no matching PDB: their frames have no file and line.</summary>
    public ImmutableArray<string> ModulesWithoutSymbols { get; init; } = [];

    public AsyncFlow? FindFlow(string id) => AsyncFlows.FirstOrDefault(f => f.Id == id);

    /// <summary>The thread pool, or null when the process never started it or it could not be read.</summary>
    public ThreadPoolInfo? ThreadPool { get; init; }

    public LockInfo? FindLock(string id) => Locks.FirstOrDefault(l => l.Id == id);

    public ThreadInfo? FindThread(int osThreadId) => Threads.FirstOrDefault(t => t.OsThreadId == osThreadId);

    /// <summary>Threads waiting for a lock, a thread or a task: the report's "blocked" count.</summary>
    public int BlockedThreadCount => Threads.Count(t => t.WaitingFor?.IsOnLockThreadOrTask == true);

    /// <summary>Ids of the locks this thread owns, in lock order.</summary>
    public ImmutableArray<string> LocksHeldBy(int osThreadId) =>
        Locks.Where(l => l.Owners.Contains(osThreadId)).Select(l => l.Id).ToImmutableArray();
}
