using DumpLock.Analysis;
using DumpLock.Model;

namespace DumpLock.Reporting;

/// <summary>
/// The report for a terminal, after jstack: deadlocks first ("Found one deadlock"), then blocking
/// chains, then every thread's stack with the locks each frame took or waits for. Lines stay
/// short enough for 80 columns except where a method signature itself is longer.
/// </summary>
public sealed class TextReporter : IReporter
{
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
        output.WriteLine("Threads:");
        output.WriteLine();
        foreach (ThreadInfo thread in snapshot.Threads)
        {
            WriteThread(thread, snapshot, output);
        }
        WriteFooter(snapshot, findings, output);
    }

    private static void WriteHeader(Snapshot snapshot, Findings findings, TextWriter output)
    {
        SourceInfo source = snapshot.Source;
        string what = source.Kind == SourceKind.Dump ? source.Path ?? "dump" : $"process {source.Pid}";
        output.WriteLine($"{ToolInfo.Name} {ToolInfo.Version}: {what}, {WaitPhrases.Runtime(source)}, {source.Os} {source.Architecture}");
        output.WriteLine($"{WaitPhrases.ThreadCounts(snapshot)}. Verdict: {findings.Verdict.ToString().ToLowerInvariant()}");
        output.WriteLine();
    }

    private static void WriteCycle(Deadlock deadlock, Snapshot snapshot, TextWriter output, string what)
    {
        string title = $"Found one {what} ({WaitPhrases.Members(deadlock)}):";
        output.WriteLine(title);
        output.WriteLine(new string('=', title.Length));
        foreach (int node in deadlock.Threads)
        {
            output.WriteLine($"{WaitPhrases.ThreadName(snapshot, node)}:");
            if (snapshot.FindThread(node) is { } thread)
            {
                WriteWait(thread, snapshot, output, "  ", ",");
            }
            else if (snapshot.FindFlow(FlowNode.IdOf(node)) is { } flow)
            {
                output.WriteLine($"  {WaitPhrases.Awaiting(flow, snapshot)}");
                flow.Frames.Take(3).ToList().ForEach(f => output.WriteLine($"    at {WaitPhrases.FrameAt(f)}"));
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
        foreach (string line in WaitPhrases.Starvation(starvation, snapshot))
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
            output.WriteLine($"{flow.Id}{times}: {WaitPhrases.Awaiting(flow, snapshot)}");
            foreach (Frame frame in flow.Frames)
            {
                output.WriteLine($"    at {WaitPhrases.FrameAt(frame)}");
            }
            foreach (string held in flow.Holds)
            {
                if (snapshot.FindLock(held) is { } lockInfo)
                {
                    output.WriteLine($"    - holds {WaitPhrases.Object(lockInfo.Address, lockInfo.ObjectType)} across its await");
                }
            }
            output.WriteLine();
        }
    }

    /// <summary>Why there is no answer: what the analysis could not see, said before the details.</summary>
    private static void WriteInconclusive(Snapshot snapshot, Findings findings, TextWriter output)
    {
        output.WriteLine("Inconclusive: no deadlock found, but DumpLock could not see everything it needs:");
        foreach (string reason in WaitPhrases.InconclusiveReasons(snapshot, findings))
        {
            output.WriteLine($"  - {reason}");
        }
        output.WriteLine();
    }

    private static void WriteChain(BlockingChain chain, Snapshot snapshot, TextWriter output)
    {
        output.WriteLine($"Blocking chain rooted at {WaitPhrases.ThreadName(snapshot, chain.RootThread)}:");
        output.WriteLine($"  {WaitPhrases.RootState(chain, snapshot)};");
        output.WriteLine($"  {WaitPhrases.WaitBehind(chain.BlockedThreads.Length)}:");
        WriteThreadList(chain.BlockedThreads, snapshot, output);
        output.WriteLine();
    }

    /// <summary>What the thread waits for and, for a lock, who holds it: two lines, so each fits 80 columns.</summary>
    private static void WriteWait(ThreadInfo thread, Snapshot snapshot, TextWriter output, string indent, string joiner)
    {
        string heldBy = WaitPhrases.HeldBy(thread, snapshot);
        output.WriteLine($"{indent}{WaitPhrases.Waiting(thread, snapshot)}{(heldBy.Length > 0 ? joiner : "")}");
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
        foreach (string name in threads.Select(t => WaitPhrases.ThreadName(snapshot, t)))
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

    private static void WriteThread(ThreadInfo thread, Snapshot snapshot, TextWriter output)
    {
        output.WriteLine(WaitPhrases.Heading(thread));
        WriteWait(thread, snapshot, output, "   ", "");
        foreach (string line in StackLines.Of(thread))
        {
            output.WriteLine(line);
        }
        output.WriteLine();
    }

    private static void WriteFooter(Snapshot snapshot, Findings findings, TextWriter output)
    {
        foreach (string warning in WaitPhrases.Warnings(snapshot))
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
