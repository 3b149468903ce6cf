using DumpLock.Analysis;
using DumpLock.Model;

namespace DumpLock.Reporting;

/// <summary>
/// The report for a terminal, after jstack. The first lines say the verdict, its cause and the code
/// to fix; then deadlocks ("Found one deadlock"), blocking chains, and the threads' stacks with the
/// locks each frame took or waits for: the threads that explain the verdict each on its own, the
/// others with identical stacks merged (every thread separately with <c>allThreads</c>).
/// Lines stay short enough for 80 columns except where a method signature itself is longer.
/// </summary>
public sealed class TextReporter(bool allThreads = false) : IReporter
{
    private static readonly WaitPhrases Words = WaitPhrases.Plain;

    /// <summary>How many thread names a merged group lists before "and N more".</summary>
    private const int NamesShown = 3;

    public void Write(Snapshot snapshot, Findings findings, TextWriter output)
    {
        WriteHeader(snapshot, findings, output);
        if (findings.Starvation is { } starvation)
        {
            WriteStarvation(starvation, snapshot, output);
        }
        foreach (Deadlock deadlock in findings.Deadlocks)
        {
            WriteCycle(deadlock, snapshot, output, "deadlock");
        }
        foreach (Deadlock cycle in findings.TimedCycles)
        {
            WriteCycle(cycle, snapshot, output, "lock-order cycle that can end by itself (a wait in it has a timeout)");
        }
        if (findings.Verdict == Verdict.Inconclusive)
        {
            WriteInconclusive(snapshot, findings, output);
        }
        foreach (BlockingChain chain in findings.BlockingChains)
        {
            WriteChain(chain, snapshot, output);
        }
        WriteAsyncFlows(snapshot, output);
        WriteThreads(snapshot, findings, output);
        WriteFooter(snapshot, findings, output);
    }

    /// <summary>What the dump is, then the verdict, its cause, the code to fix and what to do.</summary>
    private static void WriteHeader(Snapshot snapshot, Findings findings, TextWriter output)
    {
        SourceInfo source = snapshot.Source;
        string what = source.Kind == SourceKind.Dump ? source.Path ?? "dump" : $"process {source.Pid}";
        output.WriteLine($"{ToolInfo.Name} {ToolInfo.Version}: {what}, {Words.Runtime(source)}, {source.Os} {source.Architecture}");
        WriteWrapped($"Verdict: {findings.Verdict.ToString().ToLowerInvariant()}. {Words.Cause(snapshot, findings)}", "", output);
        if (!findings.CodeToFix.IsEmpty)
        {
            output.WriteLine($"{WaitPhrases.CodeToFixTitle(findings)}:");
        }
        foreach (BlockingSite site in findings.CodeToFix)
        {
            // As a stack shows a frame, so that the method and its file:line read the same way there.
            output.WriteLine($"    at {site.Frame?.Method ?? "(no frame of the program on the stack)"}");
            if (site.Frame?.File is not null)
            {
                output.WriteLine($"       in {Words.Place(site.Frame)}");
            }
            WriteWrapped($"where {Words.ThreadList(site.Threads, snapshot, NamesShown)} {(site.Threads.Length == 1 ? "waits" : "wait")}", "       ", output);
        }
        if (WaitPhrases.Advice(findings, snapshot) is string advice)
        {
            WriteWrapped(advice, "", output);
        }
        output.WriteLine($"{WaitPhrases.ThreadCounts(snapshot)}.");
        output.WriteLine();
    }

    /// <summary>A paragraph wrapped at spaces to 80 columns, each line indented.</summary>
    private static void WriteWrapped(string text, string indent, TextWriter output)
    {
        var line = new System.Text.StringBuilder(indent);
        foreach (string word in text.Split(' '))
        {
            if (line.Length > indent.Length && line.Length + 1 + word.Length > 80)
            {
                output.WriteLine(line.ToString());
                line.Clear().Append(indent);
            }
            line.Append(line.Length > indent.Length ? " " : "").Append(word);
        }
        output.WriteLine(line.ToString());
    }

    private static void WriteCycle(Deadlock deadlock, Snapshot snapshot, TextWriter output, string what)
    {
        string title = $"Found one {what} ({WaitPhrases.Members(deadlock)}):";
        output.WriteLine(title);
        output.WriteLine(new string('=', title.Length));
        foreach (int node in deadlock.Threads)
        {
            output.WriteLine($"{Words.ThreadName(snapshot, node)}:");
            if (snapshot.FindThread(node) is { } thread)
            {
                WriteWait(thread, snapshot, output, "  ", ",");
            }
            else if (snapshot.FindFlow(FlowNode.IdOf(node)) is { } flow)
            {
                output.WriteLine($"  {Words.Awaiting(flow, snapshot)}");
                flow.Frames.Take(3).ToList().ForEach(f => output.WriteLine($"    at {Words.FrameAt(f)}"));
            }
        }
        if (deadlock.BlockedBehind.Length > 0)
        {
            output.WriteLine($"{WaitPhrases.Count(deadlock.BlockedBehind.Length, "more thread")} blocked behind it:");
            WriteThreadList(deadlock.BlockedBehind, snapshot, output);
        }
        output.WriteLine();
    }

    private static void WriteStarvation(ThreadPoolStarvation starvation, Snapshot snapshot, TextWriter output)
    {
        const string Title = "Thread-pool starvation:";
        output.WriteLine(Title);
        output.WriteLine(new string('=', Title.Length));
        foreach (string line in Words.StarvationSites(starvation, snapshot))
        {
            output.WriteLine(line);
        }
        output.WriteLine();
    }

    /// <summary>Pending async flows (when read): each logical stack once, with how many share it.</summary>
    private static void WriteAsyncFlows(Snapshot snapshot, TextWriter output)
    {
        if (snapshot.AsyncFlows.IsEmpty)
        {
            return;
        }
        output.WriteLine($"Async flows ({WaitPhrases.Count(snapshot.AsyncFlows.Sum(f => f.Count), "pending flow")} that no thread runs):");
        output.WriteLine();
        foreach (AsyncFlow flow in snapshot.AsyncFlows)
        {
            string times = flow.Count > 1 ? $" ×{flow.Count}" : "";
            output.WriteLine($"{flow.Id}{times}: {Words.Awaiting(flow, snapshot)}");
            foreach (Frame frame in flow.Frames)
            {
                output.WriteLine($"    at {Words.FrameAt(frame)}");
            }
            foreach (string held in flow.Holds)
            {
                if (snapshot.FindLock(held) is { } lockInfo)
                {
                    output.WriteLine($"    - holds {Words.Object(lockInfo.Address, lockInfo.ObjectType)} across its await");
                }
            }
            output.WriteLine();
        }
    }

    /// <summary>Why there is no answer: what the analysis could not see, said before the details.</summary>
    private static void WriteInconclusive(Snapshot snapshot, Findings findings, TextWriter output)
    {
        output.WriteLine("Inconclusive: no deadlock found, but DumpLock could not see everything it needs:");
        foreach (string reason in Words.InconclusiveReasons(snapshot, findings))
        {
            output.WriteLine($"  - {reason}");
        }
        output.WriteLine();
    }

    private static void WriteChain(BlockingChain chain, Snapshot snapshot, TextWriter output)
    {
        output.WriteLine($"Blocking chain rooted at {Words.ThreadName(snapshot, chain.RootThread)}:");
        output.WriteLine($"  {Words.RootState(chain, snapshot)};");
        output.WriteLine($"  {WaitPhrases.WaitBehind(chain.BlockedThreads.Length)}:");
        WriteThreadList(chain.BlockedThreads, snapshot, output);
        output.WriteLine();
    }

    /// <summary>What the thread waits for and, for a lock, who holds it: two lines, so each fits 80 columns.</summary>
    private static void WriteWait(ThreadInfo thread, Snapshot snapshot, TextWriter output, string indent, string joiner)
    {
        string heldBy = Words.HeldBy(thread, snapshot);
        output.WriteLine($"{indent}{Words.Waiting(thread, snapshot)}{(heldBy.Length > 0 ? joiner : "")}");
        if (heldBy.Length > 0)
        {
            output.WriteLine($"{indent}{heldBy}");
        }
    }

    /// <summary>Thread names separated by commas, wrapped to 80 columns.</summary>
    private static void WriteThreadList(IEnumerable<int> threads, Snapshot snapshot, TextWriter output)
    {
        const string Indent = "    ";
        var line = new System.Text.StringBuilder(Indent);
        foreach (string name in threads.Select(t => Words.ThreadName(snapshot, t)))
        {
            if (line.Length > Indent.Length && line.Length + name.Length + 2 > 80)
            {
                output.WriteLine(line.ToString().TrimEnd());
                line.Clear().Append(Indent);
            }
            line.Append(name).Append(", ");
        }
        output.WriteLine(line.ToString().TrimEnd(' ', ','));
    }

    /// <summary>The threads that explain the verdict each on its own, then the others, identical stacks merged.</summary>
    private void WriteThreads(Snapshot snapshot, Findings findings, TextWriter output)
    {
        output.WriteLine(allThreads ? "Threads:" : "Threads (identical stacks merged; --all-threads shows each):");
        output.WriteLine();
        foreach (ThreadGroup group in findings.ThreadGroups)
        {
            IEnumerable<int> separately = allThreads ? group.Threads : group.Threads.Take(1);
            foreach (ThreadInfo thread in separately.Select(snapshot.FindThread).OfType<ThreadInfo>())
            {
                if (allThreads || group.Threads.Length == 1)
                {
                    output.WriteLine(Words.Heading(thread));
                }
                else
                {
                    output.WriteLine($"{group.Threads.Length} threads with this stack:");
                    WriteWrapped(Words.ThreadList(group.Threads, snapshot, NamesShown), "    ", output);
                }
                WriteThread(thread, snapshot, output);
            }
        }
    }

    private static void WriteThread(ThreadInfo thread, Snapshot snapshot, TextWriter output)
    {
        WriteWait(thread, snapshot, output, "   ", "");
        foreach (Frame frame in thread.Frames)
        {
            // As jstack prints a frame: "at" the method, "in" its file:line, then the locks it took or waits for.
            output.WriteLine($"    at {frame.Method}");
            if (frame.File is not null)
            {
                output.WriteLine($"       in {Words.Place(frame)}");
            }
            foreach (FrameAnnotation annotation in frame.Annotations)
            {
                output.WriteLine($"    {Words.Annotation(annotation)}");
            }
        }
        output.WriteLine();
    }

    private static void WriteFooter(Snapshot snapshot, Findings findings, TextWriter output)
    {
        foreach (string warning in Words.Warnings(snapshot))
        {
            output.WriteLine($"Warning: {warning}");
        }
        if (findings.Starvation is not null)
        {
            output.WriteLine("Found thread-pool starvation.");
        }
        output.WriteLine(findings.Deadlocks.Length switch
        {
            0 when findings.Verdict == Verdict.Inconclusive => "No deadlock found, but the analysis is inconclusive.",
            0 => "No deadlock found.",
            1 => "Found 1 deadlock.",
            int n => $"Found {n} deadlocks.",
        });
    }
}
