using System.Collections.Immutable;
using System.Text;
using DumpLock.Model;

namespace DumpLock.Analysis;

/// <summary>
/// Threads with identical stacks and waits, shown once. <see cref="Matters"/>: a thread that explains
/// the verdict, always in a group of its own.
/// </summary>
public sealed record ThreadGroup(ImmutableArray<int> Threads, bool Matters)
{
    /// <summary>
    /// Every thread of the snapshot in report order: first, each on its own, the threads that explain
    /// the verdict — the members of deadlocks and of cycles through a timed wait, the roots of blocking
    /// chains, threads whose wait could not be resolved, and threads whose state is unknown although
    /// they run managed code. Then the others, identical stacks (same frames, lines, locks and wait)
    /// merged: groups waiting for a lock, thread or task first (the threads behind a deadlock or a
    /// chain, starved workers), larger groups first.
    /// </summary>
    public static ImmutableArray<ThreadGroup> Of(Snapshot snapshot, Findings findings)
    {
        var matters = findings.Deadlocks.Concat(findings.TimedCycles).SelectMany(d => d.Threads)
            .Concat(findings.BlockingChains.Select(c => c.RootThread))
            .Concat(WaitForGraph.UnresolvedWaits(snapshot).Select(t => t.OsThreadId))
            .Concat(snapshot.Threads.Where(t => t.State == ThreadState.Unknown && !t.Frames.IsEmpty).Select(t => t.OsThreadId))
            .Where(t => snapshot.FindThread(t) is not null)
            .Distinct()
            .ToList();
        var rest = snapshot.Threads
            .Where(t => !matters.Contains(t.OsThreadId))
            .GroupBy(t => (t.WaitingFor, t.State, Stack: StackKey(t)))
            .OrderByDescending(g => g.Key.WaitingFor?.IsOnLockThreadOrTask == true)
            .ThenByDescending(g => g.Count())
            .ThenBy(g => g.First().OsThreadId)
            .Select(g => new ThreadGroup([.. g.Select(t => t.OsThreadId)], Matters: false));
        return [.. matters.Select(t => new ThreadGroup([t], Matters: true)), .. rest];
    }

    /// <summary>One string per stack: methods, lines and the locks each frame holds or waits for.</summary>
    private static string StackKey(ThreadInfo thread)
    {
        var key = new StringBuilder();
        foreach (Frame frame in thread.Frames)
        {
            key.Append(frame.Method).Append('\u0001').Append(frame.File).Append(':').Append(frame.Line);
            foreach (FrameAnnotation annotation in frame.Annotations)
            {
                key.Append('\u0001').Append(annotation.Kind).Append(annotation.Address);
            }
            key.Append('\n');
        }
        return key.ToString();
    }
}
