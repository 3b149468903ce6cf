using DumpLock.Analysis;
using DumpLock.Model;

namespace DumpLock.Reporting;

/// <summary>
/// The report to paste into an incident ticket (GitHub, GitLab, Azure DevOps): the verdict, its
/// cause and the code to fix first; where the dump came from; per deadlock a Mermaid graph of who
/// waits for whom and a table; blocking chains; warnings; then the stacks in collapsed sections,
/// the threads that explain the verdict first, identical stacks merged. Frames link to their source
/// when the PDB has a SourceLink map. It says things in the text report's words.
/// </summary>
public sealed class MarkdownReporter(bool allThreads = false) : IReporter
{
    private static readonly WaitPhrases Words = WaitPhrases.Markdown;

    /// <summary>How many thread names a merged group lists before "and N more".</summary>
    private const int NamesShown = 3;

    public void Write(Snapshot snapshot, Findings findings, TextWriter output)
    {
        output.WriteLine($"**{Title(findings)}** {Words.Cause(snapshot, findings)}");
        WriteCodeToFix(snapshot, findings, output);
        output.WriteLine();
        output.WriteLine(SourceLine(snapshot));
        foreach (Deadlock deadlock in findings.Deadlocks)
        {
            WriteDeadlock(deadlock, snapshot, output);
        }
        WriteChains(findings.BlockingChains, snapshot, output);
        WriteWarnings([.. Words.Warnings(snapshot)], output);
        WriteThreads(snapshot, findings, output);
    }

    private static string Title(Findings findings) => findings.Verdict switch
    {
        Verdict.Deadlock => findings.Deadlocks.Length == 1 ? "Deadlock." : $"{findings.Deadlocks.Length} deadlocks.",
        Verdict.Blocked => "Blocked, no deadlock.",
        Verdict.Starvation => "Thread-pool starvation.",
        Verdict.Inconclusive => "Inconclusive.",
        _ => "No deadlock.",
    };

    private static void WriteCodeToFix(Snapshot snapshot, Findings findings, TextWriter output)
    {
        List<string> sites = [.. Words.CodeToFix(findings, snapshot)];
        if (sites.Count > 0)
        {
            output.WriteLine();
            string title = $"**{WaitPhrases.CodeToFixTitle(findings)}:**";
            output.WriteLine(sites.Count == 1 ? $"{title} {sites[0]}" : title);
            if (sites.Count > 1)
            {
                output.WriteLine();
                sites.ForEach(site => output.WriteLine($"- {site}"));
            }
        }
        if (WaitPhrases.Advice(findings, snapshot) is string advice)
        {
            output.WriteLine();
            output.WriteLine(advice);
        }
    }

    private static string SourceLine(Snapshot snapshot)
    {
        SourceInfo source = snapshot.Source;
        string what = source.Kind == SourceKind.Dump
            ? "Dump" + (source.Path is null ? "" : $" {Markdown.Code(source.Path)}") + (source.Pid is int pid ? $" (pid {pid})" : "")
            : "Process" + (source.Pid is int live ? $" {live}" : "");
        string where = $"{Words.Runtime(source)}, {Markdown.Escape(source.Os)} {Markdown.Escape(source.Architecture)}: {WaitPhrases.ThreadCounts(snapshot)}";
        string when = source.CapturedAt is { } at ? $" Captured {at.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC." : "";
        return $"{what}, {where}.{when} Analysed by {ToolInfo.Name} {ToolInfo.Version}.";
    }

    private static void WriteDeadlock(Deadlock deadlock, Snapshot snapshot, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"### Deadlock ({WaitPhrases.Members(deadlock)})");
        WriteGraph(deadlock.Edges, snapshot, output);
        output.WriteLine();
        output.WriteLine("| thread | waits for | held by |");
        output.WriteLine("| --- | --- | --- |");
        foreach (int node in deadlock.Threads)
        {
            string waits = snapshot.FindThread(node) is { } thread ? Words.Waiting(thread, snapshot)
                : snapshot.FindFlow(FlowNode.IdOf(node)) is { } flow ? Words.Awaiting(flow, snapshot) : "waiting";
            int[] holders = [.. snapshot.FindThread(node) is { } waiter ? Holders(waiter, deadlock, snapshot)
                : deadlock.Edges.Where(e => e.From == node).Select(e => e.HeldBy).Distinct()];
            output.WriteLine($"| {Words.ThreadName(snapshot, node)} | {waits} | {Words.ThreadList(holders, snapshot)} |");
        }
        if (!deadlock.BlockedBehind.IsEmpty)
        {
            output.WriteLine();
            output.WriteLine($"{WaitPhrases.BlockedBehind(deadlock.BlockedBehind.Length)}: {Words.ThreadList(deadlock.BlockedBehind, snapshot, NamesShown)}.");
        }
    }

    private static void WriteGraph(IReadOnlyCollection<WaitEdge> edges, Snapshot snapshot, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("```mermaid");
        foreach (string line in MermaidGraph.Of(edges, snapshot))
        {
            output.WriteLine(line);
        }
        output.WriteLine("```");
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
        foreach (BlockingChain chain in chains)
        {
            output.WriteLine();
            output.WriteLine($"Rooted at {Words.ThreadName(snapshot, chain.RootThread)}: {Words.RootState(chain, snapshot)}; " +
                $"{WaitPhrases.WaitBehind(chain.BlockedThreads.Length)}: {Words.ThreadList(chain.BlockedThreads, snapshot, NamesShown)}.");
            WriteGraph(chain.Edges, snapshot, output);
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
            output.WriteLine($"- {warning}");
        }
    }

    /// <summary>The threads that explain the verdict each on its own, then the others, identical stacks merged.</summary>
    private void WriteThreads(Snapshot snapshot, Findings findings, TextWriter output)
    {
        if (snapshot.Threads.IsEmpty)
        {
            return;
        }
        output.WriteLine();
        output.WriteLine("### Threads");
        foreach (ThreadGroup group in findings.ThreadGroups)
        {
            IEnumerable<int> separately = allThreads ? group.Threads : group.Threads.Take(1);
            foreach (ThreadInfo thread in separately.Select(snapshot.FindThread).OfType<ThreadInfo>())
            {
                // <summary> is an HTML block: Markdown is not parsed there, so it is escaped as HTML.
                string heading = allThreads || group.Threads.Length == 1 ? WaitPhrases.Plain.Heading(thread)
                    : $"{group.Threads.Length} threads: {WaitPhrases.Plain.ThreadList(group.Threads, snapshot, NamesShown)}";
                output.WriteLine();
                output.WriteLine($"<details><summary>{Markdown.Html(heading)} — " +
                    $"{Markdown.Html(WaitPhrases.Plain.WaitingAndHolder(thread, snapshot))}</summary>");
                output.WriteLine();
                WriteStack(thread, output);
                output.WriteLine();
                output.WriteLine("</details>");
            }
        }
    }

    /// <summary>One list item per frame, so that a frame's file can link to its source; the locks it holds or waits for below it.</summary>
    private static void WriteStack(ThreadInfo thread, TextWriter output)
    {
        if (thread.Frames.IsEmpty)
        {
            output.WriteLine("No managed frames.");
            return;
        }
        foreach (Frame frame in thread.Frames)
        {
            string place = frame.File is null ? "" : $" in {Words.Place(frame)}";
            output.WriteLine($"- {Markdown.Code(frame.Method)}{place}");
            foreach (FrameAnnotation annotation in frame.Annotations)
            {
                output.WriteLine($"  {Words.Annotation(annotation)}");
            }
        }
    }
}
