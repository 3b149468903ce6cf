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
        foreach (Deadlock deadlock in findings.Deadlocks)
        {
            WriteDeadlock(deadlock, snapshot, output);
        }
        foreach (BlockingChain chain in findings.BlockingChains)
        {
            WriteChain(chain, snapshot, output);
        }
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
        string runtime = source.RuntimeVersion is null ? ".NET (version unknown)" : $".NET {source.RuntimeVersion}";
        string what = source.Kind == SourceKind.Dump ? source.Path ?? "dump" : $"process {source.Pid}";
        output.WriteLine($"{ToolInfo.Name} {ToolInfo.Version}: {what}, {runtime}, {source.Os} {source.Architecture}");
        int blocked = snapshot.Threads.Count(t => t.WaitingFor?.IsOnLockThreadOrTask == true);
        output.WriteLine($"{WaitPhrases.Count(snapshot.Threads.Length, "thread")}, " +
            $"{blocked} waiting for a lock, thread or task. Verdict: {findings.Verdict.ToString().ToLowerInvariant()}");
        output.WriteLine();
    }

    private static void WriteDeadlock(Deadlock deadlock, Snapshot snapshot, TextWriter output)
    {
        string title = $"Found one deadlock ({WaitPhrases.Count(deadlock.Threads.Length, "thread")}):";
        output.WriteLine(title);
        output.WriteLine(new string('=', title.Length));
        foreach (int tid in deadlock.Threads)
        {
            ThreadInfo thread = snapshot.FindThread(tid)!;
            output.WriteLine($"{thread.Label}:");
            output.WriteLine($"  {WaitPhrases.Waiting(thread, snapshot)},");
            string heldBy = WaitPhrases.HeldBy(thread, snapshot);
            if (heldBy.Length > 0)
            {
                output.WriteLine($"  {heldBy}");
            }
        }
        if (deadlock.BlockedBehind.Length > 0)
        {
            output.WriteLine($"Blocked behind this deadlock: " +
                string.Join(", ", deadlock.BlockedBehind.Select(t => WaitPhrases.ThreadName(snapshot, t))));
        }
        output.WriteLine();
    }

    private static void WriteChain(BlockingChain chain, Snapshot snapshot, TextWriter output)
    {
        output.WriteLine($"Blocking chain: {WaitPhrases.ThreadName(snapshot, chain.RootThread)} is " +
            $"{WaitPhrases.RootState(chain, snapshot)};");
        output.WriteLine($"{WaitPhrases.Count(chain.BlockedThreads.Length, "thread")} wait behind it: " +
            string.Join(", ", chain.BlockedThreads.Select(t => WaitPhrases.ThreadName(snapshot, t))));
        output.WriteLine();
    }

    private static void WriteThread(ThreadInfo thread, Snapshot snapshot, TextWriter output)
    {
        string managed = thread.ManagedThreadId is int id ? $" managed={id}" : "";
        string flags = (thread.IsBackground ? " background" : "") + (thread.IsThreadPool ? " threadpool" : "");
        output.WriteLine($"{thread.Label}{managed}{flags}");
        output.WriteLine($"   {thread.State.ToString().ToLowerInvariant()}: {WaitPhrases.Waiting(thread, snapshot)}");
        foreach (Frame frame in thread.Frames)
        {
            output.WriteLine($"    at {frame.Method}");
            if (frame.File is not null)
            {
                output.WriteLine($"       in {frame.File}:{frame.Line}");
            }
            foreach (FrameAnnotation annotation in frame.Annotations)
            {
                output.WriteLine($"    {WaitPhrases.Annotation(annotation)}");
            }
        }
        output.WriteLine();
    }

    private static void WriteFooter(Snapshot snapshot, Findings findings, TextWriter output)
    {
        foreach (string warning in snapshot.Warnings)
        {
            output.WriteLine($"Warning: {warning}");
        }
        output.WriteLine(findings.Deadlocks.Length switch
        {
            0 => "No deadlock found.",
            1 => "Found 1 deadlock.",
            int n => $"Found {n} deadlocks.",
        });
    }
}
