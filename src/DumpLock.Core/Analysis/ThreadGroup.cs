using System.Collections.Immutable;
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
    /// chains, threads whose wait could not be resolved (a static constructor's thread, a lock's
    /// owner), and threads whose state is unknown although they run managed code. Then the others,
    /// identical stacks (same frames, lines, locks and wait) merged: groups waiting for a lock, thread
    /// or task first (the threads behind a deadlock or a chain, starved workers), larger groups first.
    /// </summary>
    public static ImmutableArray<ThreadGroup> Of(Snapshot snapshot, Findings findings)
    {
        var matters = findings.Deadlocks.Concat(findings.TimedCycles).SelectMany(d => d.Threads)
            .Concat(findings.BlockingChains.Select(c => c.RootThread))
            .Concat(WaitForGraph.UnresolvedWaits(snapshot).Select(t => t.OsThreadId))
            .Concat(findings.UnownedLockWaits)
            .Concat(snapshot.Threads.Where(t => t.State == ThreadState.Unknown && !t.Frames.IsEmpty).Select(t => t.OsThreadId))
            .Where(t => snapshot.FindThread(t) is not null)
            .Distinct()
            .ToList();
        var rest = snapshot.Threads
            .Where(t => !matters.Contains(t.OsThreadId))
            .GroupBy(t => (t.WaitingFor, t.State, Stack: new StackIdentity(t.Frames)))
            .OrderByDescending(g => g.Key.WaitingFor?.IsOnLockThreadOrTask == true)
            .ThenByDescending(g => g.Count())
            .ThenBy(g => g.First().OsThreadId)
            .Select(g => new ThreadGroup([.. g.Select(t => t.OsThreadId)], Matters: false));
        return [.. matters.Select(t => new ThreadGroup([t], Matters: true)), .. rest];
    }

    /// <summary>
    /// A stack as grouping sees it: methods, lines and the locks each frame holds or waits for.
    /// Compared frame by frame, not as one formatted string: a thousand idle threads' stacks
    /// would otherwise make megabytes of keys.
    /// </summary>
    private readonly struct StackIdentity(ImmutableArray<Frame> frames) : IEquatable<StackIdentity>
    {
        private readonly ImmutableArray<Frame> _frames = frames;

        public bool Equals(StackIdentity other)
        {
            if (_frames.Length != other._frames.Length)
            {
                return false;
            }
            for (int i = 0; i < _frames.Length; i++)
            {
                if (!SameFrame(_frames[i], other._frames[i]))
                {
                    return false;
                }
            }
            return true;
        }

        public override bool Equals(object? obj) => obj is StackIdentity other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (Frame frame in _frames)
            {
                hash.Add(frame.Method);
                hash.Add(frame.Line);
            }
            return hash.ToHashCode();
        }

        private static bool SameFrame(Frame a, Frame b)
        {
            if (a.Method != b.Method || a.File != b.File || a.Line != b.Line || a.Annotations.Length != b.Annotations.Length)
            {
                return false;
            }
            for (int i = 0; i < a.Annotations.Length; i++)
            {
                if (a.Annotations[i].Kind != b.Annotations[i].Kind || a.Annotations[i].Address != b.Annotations[i].Address)
                {
                    return false;
                }
            }
            return true;
        }
    }
}
