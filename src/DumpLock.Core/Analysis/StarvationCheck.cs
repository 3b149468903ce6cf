using System.Collections.Immutable;
using DumpLock.Model;

namespace DumpLock.Analysis;

/// <summary>
/// Thread-pool starvation: work is queued and every worker is blocked in a wait (not idle, not
/// running, not unknown). The pool adds threads only slowly, and not past its maximum, so the
/// queue, and whoever waits for it (typically the blocked workers themselves, sync over async),
/// waits with it. A worker whose state is unknown could be running: then no claim is made.
/// </summary>
public static class StarvationCheck
{
    public static ThreadPoolStarvation? Analyze(Snapshot snapshot)
    {
        if (snapshot.ThreadPool is not { Workers.Length: > 0, QueuedWorkItems: > 0 and int queued } pool)
        {
            return null;
        }
        List<ThreadInfo> workers = pool.Workers.Select(snapshot.FindThread).OfType<ThreadInfo>().ToList();
        bool allBlocked = workers.Count == pool.Workers.Length
            && workers.All(w => w.WaitingFor is not null && !pool.IdleWorkers.Contains(w.OsThreadId));
        if (!allBlocked)
        {
            return null;
        }
        var sites = workers
            .GroupBy(w => CodeToFix.ProgramFrame(w)?.Method)
            .Select(g => new BlockingSite(CodeToFix.ProgramFrame(g.First()), [.. g.Select(w => w.OsThreadId).Order()]))
            .OrderByDescending(s => s.Threads.Length)
            .ThenBy(s => s.Frame?.Method, StringComparer.Ordinal)
            .ToImmutableArray();
        return new ThreadPoolStarvation([.. pool.Workers], queued, pool.MaxThreads, sites);
    }

    /// <summary>Workers waiting on something other than new work.</summary>
    public static int BlockedWorkers(Snapshot snapshot, ThreadPoolInfo pool) =>
        pool.Workers.Count(w => !pool.IdleWorkers.Contains(w) && snapshot.FindThread(w)?.WaitingFor is not null);
}
