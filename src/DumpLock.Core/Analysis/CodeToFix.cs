using System.Collections.Immutable;
using DumpLock.Model;

namespace DumpLock.Analysis;

/// <summary>
/// Where to fix the hang: the innermost frame of the program's own code in each thread or async
/// flow that explains the verdict — the members of each deadlock, the roots of blocking chains, the
/// blocked thread-pool workers. Threads stopped at the same line share one site.
/// </summary>
public static class CodeToFix
{
    public static ImmutableArray<BlockingSite> Of(Snapshot snapshot, Findings findings)
    {
        IEnumerable<int> nodes = findings.Verdict switch
        {
            Verdict.Deadlock => findings.Deadlocks.SelectMany(d => d.Threads),
            Verdict.Starvation => findings.Starvation!.BlockedWorkers,
            Verdict.Blocked => findings.BlockingChains.Select(c => c.RootThread),
            _ => [],
        };
        return [.. nodes
            .Select(node => (Node: node, Frame: FrameOf(snapshot, node)))
            .GroupBy(n => n.Frame is { } f ? (f.Method, f.File, f.Line) : default)
            .Select(g => new BlockingSite(g.First().Frame, [.. g.Select(n => n.Node)]))];
    }

    /// <summary>The innermost frame of the program itself: not of the runtime's or Microsoft's libraries.</summary>
    public static Frame? ProgramFrame(ThreadInfo thread) =>
        thread.Frames.FirstOrDefault(f => f.Module is { } module
            && !module.StartsWith("System.", StringComparison.Ordinal)
            && !module.StartsWith("Microsoft.", StringComparison.Ordinal));

    /// <summary>A flow's innermost frame is the program's method suspended at its await.</summary>
    private static Frame? FrameOf(Snapshot snapshot, int node) =>
        FlowNode.IsFlow(node) ? snapshot.FindFlow(FlowNode.IdOf(node))?.Frames.FirstOrDefault()
            : snapshot.FindThread(node) is { } thread ? ProgramFrame(thread) : null;
}
