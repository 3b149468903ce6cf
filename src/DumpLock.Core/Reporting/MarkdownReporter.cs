using DumpLock.Analysis;
using DumpLock.Model;

namespace DumpLock.Reporting;

/// <summary>
/// The report to paste into an incident ticket (GitHub, GitLab): a one-paragraph verdict, where the
/// dump came from, a table per deadlock, blocking chains, warnings, then every stack in a collapsed
/// section, the threads that matter first. It says things in the text report's words.
/// </summary>
public sealed class MarkdownReporter : IReporter
{
    public void Write(Snapshot snapshot, Findings findings, TextWriter output)
    {
        output.WriteLine(VerdictParagraph(snapshot, findings));
        output.WriteLine();
        output.WriteLine(SourceLine(snapshot));
        foreach (Deadlock deadlock in findings.Deadlocks)
        {
            WriteDeadlock(deadlock, snapshot, output);
        }
        WriteChains(findings.BlockingChains, snapshot, output);
        WriteWarnings([.. WaitPhrases.Warnings(snapshot)], output);
        WriteThreads(snapshot, findings, output);
    }

    private static string VerdictParagraph(Snapshot snapshot, Findings findings)
    {
        switch (findings.Verdict)
        {
            case Verdict.Deadlock:
                int count = findings.Deadlocks.Length;
                string title = count == 1 ? "**Deadlock.**" : $"**{count} deadlocks.**";
                return string.Join(" ", findings.Deadlocks.Select(d => DeadlockSentences(d, snapshot)).Prepend(title));
            case Verdict.Blocked:
                string blocked = $"{WaitPhrases.CountWait(snapshot.BlockedThreadCount, "thread")} " +
                    "for a lock, thread or task, but not in a cycle.";
                IEnumerable<string> chains = findings.BlockingChains.Select(c =>
                    $"Blocking chain rooted at {WaitPhrases.ThreadName(snapshot, c.RootThread)}: " +
                    $"{WaitPhrases.RootState(c, snapshot)}; {WaitPhrases.WaitBehind(c.BlockedThreads.Length)}.");
                return "**Blocked, no deadlock.** " + Markdown.Text(string.Join(" ", chains.Prepend(blocked)));
            case Verdict.Starvation:
                return "**Thread-pool starvation.** " + Markdown.Text(string.Join(" ", WaitPhrases.Starvation(findings.Starvation!, snapshot)
                    .Select(l => l.Trim())));
            case Verdict.Inconclusive:
                return "**Inconclusive.** No deadlock found, but DumpLock could not see everything it needs: " +
                    Markdown.Text(string.Join("; ", WaitPhrases.InconclusiveReasons(snapshot, findings))) + ".";
            default:
                return "**No deadlock.** No thread waits for a lock, thread or task.";
        }
    }

    /// <summary>"2 threads wait for each other: "a" is waiting to lock …, which is held by "b"; … 1 more thread is blocked behind it."</summary>
    private static string DeadlockSentences(Deadlock deadlock, Snapshot snapshot)
    {
        string who = deadlock.Threads.Length == 1 ? "1 thread waits for itself" : $"{WaitPhrases.Members(deadlock)} wait for each other";
        IEnumerable<string> waits = deadlock.Threads
            .Select(node => $"{WaitPhrases.ThreadName(snapshot, node)} is {WaitPhrases.NodeWaiting(snapshot, node)}");
        string behind = deadlock.BlockedBehind.IsEmpty ? "" : $" {WaitPhrases.BlockedBehind(deadlock.BlockedBehind.Length)}.";
        return Markdown.Text($"{who}: {string.Join("; ", waits)}.{behind}");
    }

    private static string SourceLine(Snapshot snapshot)
    {
        SourceInfo source = snapshot.Source;
        string what = source.Kind == SourceKind.Dump
            ? "Dump" + (source.Path is null ? "" : $" {Markdown.Code(source.Path)}") + (source.Pid is int pid ? $" (pid {pid})" : "")
            : "Process" + (source.Pid is int live ? $" {live}" : "");
        string where = Markdown.Text($"{WaitPhrases.Runtime(source)}, {source.Os} {source.Architecture}: {WaitPhrases.ThreadCounts(snapshot)}");
        string when = source.CapturedAt is { } at ? $" Captured {at.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC." : "";
        return $"{what}, {where}.{when} Analysed by {ToolInfo.Name} {ToolInfo.Version}.";
    }

    private static void WriteDeadlock(Deadlock deadlock, Snapshot snapshot, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"### Deadlock ({WaitPhrases.Members(deadlock)})");
        output.WriteLine();
        output.WriteLine("| thread | waits for | held by |");
        output.WriteLine("| --- | --- | --- |");
        foreach (int node in deadlock.Threads)
        {
            string waits = snapshot.FindThread(node) is { } thread ? WaitPhrases.Waiting(thread, snapshot)
                : snapshot.FindFlow(FlowNode.IdOf(node)) is { } flow ? WaitPhrases.Awaiting(flow, snapshot) : "waiting";
            IEnumerable<int> holders = snapshot.FindThread(node) is { } waiter ? Holders(waiter, deadlock, snapshot)
                : deadlock.Edges.Where(e => e.From == node).Select(e => e.HeldBy).Distinct();
            output.WriteLine($"| {Markdown.Text(WaitPhrases.ThreadName(snapshot, node))} | {Markdown.Text(waits)} " +
                $"| {Markdown.Text(ThreadList(holders, snapshot))} |");
        }
        if (!deadlock.BlockedBehind.IsEmpty)
        {
            output.WriteLine();
            output.WriteLine(Markdown.Text($"{WaitPhrases.BlockedBehind(deadlock.BlockedBehind.Length)}: " +
                $"{ThreadList(deadlock.BlockedBehind, snapshot)}."));
        }
    }

    /// <summary>
    /// Every owner of a lock, not only the one in the cycle: the waiter needs them all gone, and the
    /// verdict and the text report name them all. For a join or a task, the thread that must finish.
    /// </summary>
    private static IEnumerable<int> Holders(ThreadInfo thread, Deadlock deadlock, Snapshot snapshot) =>
        thread.WaitingFor is { Kind: WaitKind.Lock, LockId: string id } && snapshot.FindLock(id) is { } waited
            ? waited.Owners
            : deadlock.Edges.Where(e => e.From == thread.OsThreadId).Select(e => e.HeldBy).Distinct();

    private static void WriteChains(IReadOnlyCollection<BlockingChain> chains, Snapshot snapshot, TextWriter output)
    {
        if (chains.Count == 0)
        {
            return;
        }
        output.WriteLine();
        output.WriteLine("### Blocking chains");
        output.WriteLine();
        foreach (BlockingChain chain in chains)
        {
            output.WriteLine("- " + Markdown.Text($"{WaitPhrases.ThreadName(snapshot, chain.RootThread)}: " +
                $"{WaitPhrases.RootState(chain, snapshot)}; {WaitPhrases.WaitBehind(chain.BlockedThreads.Length)}: " +
                ThreadList(chain.BlockedThreads, snapshot)));
        }
    }

    private static void WriteWarnings(IReadOnlyCollection<string> warnings, TextWriter output)
    {
        if (warnings.Count == 0)
        {
            return;
        }
        output.WriteLine();
        output.WriteLine("### Warnings");
        output.WriteLine();
        foreach (string warning in warnings)
        {
            output.WriteLine($"- {Markdown.Text(warning)}");
        }
    }

    private static void WriteThreads(Snapshot snapshot, Findings findings, TextWriter output)
    {
        if (snapshot.Threads.IsEmpty)
        {
            return;
        }
        output.WriteLine();
        output.WriteLine("### Threads");
        foreach (ThreadInfo thread in InReportOrder(snapshot, findings))
        {
            // <summary> is an HTML block: Markdown is not parsed there, so it is escaped as HTML.
            output.WriteLine();
            output.WriteLine($"<details><summary>{Markdown.Html(WaitPhrases.Heading(thread))} — " +
                $"{Markdown.Html(WaitPhrases.WaitingAndHolder(thread, snapshot))}</summary>");
            output.WriteLine();
            WriteStack(thread, output);
            output.WriteLine();
            output.WriteLine("</details>");
        }
    }

    private static void WriteStack(ThreadInfo thread, TextWriter output)
    {
        List<string> lines = StackLines.Of(thread).ToList();
        if (lines.Count == 0)
        {
            output.WriteLine("No managed frames.");
            return;
        }
        string fence = Markdown.Fence(lines);
        output.WriteLine(fence);
        lines.ForEach(output.WriteLine);
        output.WriteLine(fence);
    }

    /// <summary>
    /// Deadlocked threads in cycle order, then the roots of blocking chains (whose stacks say why the
    /// others wait), then the other threads that wait for a lock, thread or task, then the rest.
    /// </summary>
    private static IEnumerable<ThreadInfo> InReportOrder(Snapshot snapshot, Findings findings)
    {
        IEnumerable<ThreadInfo> first = findings.Deadlocks.SelectMany(d => d.Threads)
            .Concat(findings.BlockingChains.Select(c => c.RootThread))
            .Select(snapshot.FindThread)
            .OfType<ThreadInfo>();
        IEnumerable<ThreadInfo> blocked = snapshot.Threads.Where(t => t.WaitingFor?.IsOnLockThreadOrTask == true);
        return first.Concat(blocked).Concat(snapshot.Threads).DistinctBy(t => t.OsThreadId);
    }

    private static string ThreadList(IEnumerable<int> threads, Snapshot snapshot) =>
        string.Join(", ", threads.Select(t => WaitPhrases.ThreadName(snapshot, t)));
}
