using DumpLock.Analysis;
using DumpLock.Model;

namespace DumpLock.Reporting;

/// <summary>The words human-readable reports use for waits, locks and threads, written once.</summary>
public static class WaitPhrases
{
    /// <summary>"&lt;0x7f8f75809770&gt; (a Bank.Account)", as jstack names an object.</summary>
    public static string Object(ulong address, string? type) =>
        type is null ? $"<{Hex.Format(address)}>" : $"<{Hex.Format(address)}> (a {type})";

    public static string Annotation(FrameAnnotation annotation)
    {
        string what = Object(annotation.Address, annotation.ObjectType);
        return annotation.Kind switch
        {
            AnnotationKind.Locked => $"- locked {what}",
            AnnotationKind.WaitingToLock => $"- waiting to lock {what}",
            _ => $"- waiting on {what}",
        };
    }

    /// <summary>What the thread waits for, in words a user knows.</summary>
    public static string Waiting(ThreadInfo thread, Snapshot snapshot)
    {
        Wait? wait = thread.WaitingFor;
        if (wait is null)
        {
            return thread.State == ThreadState.Running ? "running"
                : thread.Frames.IsEmpty ? "state unknown (no managed frames)" : "state unknown";
        }
        if (wait.Kind == WaitKind.Lock && wait.Description is null && wait.LockId is not null && snapshot.FindLock(wait.LockId) is { } waited)
        {
            return $"waiting to lock {Object(waited.Address, waited.ObjectType)}";
        }
        if (wait.Kind == WaitKind.Thread && wait.OsThreadId is int joined)
        {
            return $"waiting for {ThreadName(snapshot, joined)} to finish";
        }
        if (wait.Kind == WaitKind.TypeInitializer)
        {
            string type = wait.ObjectType is null ? "a class" : wait.ObjectType;
            return wait.OsThreadId is int runner
                ? $"waiting for the static constructor of {type}, which runs on {ThreadName(snapshot, runner)}"
                : $"waiting for the static constructor of {type} (the thread running it could not be told)";
        }
        return wait.Description ?? $"waiting ({wait.Kind.ToString().ToLowerInvariant()})";
    }

    /// <summary>"which is held by "teller-2" (tid 2505)", or what is known instead.</summary>
    public static string HeldBy(ThreadInfo thread, Snapshot snapshot)
    {
        Wait? wait = thread.WaitingFor;
        if (wait?.Kind != WaitKind.Lock || wait.LockId is null || snapshot.FindLock(wait.LockId) is not { } waited)
        {
            return "";
        }
        if (waited.Owners.Length == 0)
        {
            // A semaphore's or a mutex's description already says why no owner is shown.
            return wait.Description is null ? "whose owner is not recorded in the dump" : "";
        }
        string held = "which is held by " + string.Join(", ", waited.Owners.Select(o => ThreadName(snapshot, o)));
        // A reader does not wait for other readers, but queues behind a thread waiting to write.
        int[] queuedBehind = [.. Analysis.LockModes.ThreadsBlocking(waited, thread, snapshot).Where(t => !waited.Owners.Contains(t))];
        return queuedBehind.Length == 0 ? held
            : $"{held}, and queued behind {string.Join(", ", queuedBehind.Select(t => ThreadName(snapshot, t)))}, waiting to write";
    }

    /// <summary>"teller-1" (tid 2504) managed=4 background threadpool: the label and what else is known.</summary>
    public static string Heading(ThreadInfo thread)
    {
        string managed = thread.ManagedThreadId is int id ? $" managed={id}" : "";
        string flags = (thread.IsBackground ? " background" : "") + (thread.IsThreadPool ? " threadpool" : "");
        return $"{thread.Label}{managed}{flags}";
    }

    public static string Runtime(SourceInfo source) =>
        source.RuntimeVersion is null ? ".NET (version unknown)" : $".NET {source.RuntimeVersion}";

    /// <summary>"23 threads, 21 waiting for a lock, thread or task".</summary>
    public static string ThreadCounts(Snapshot snapshot) =>
        $"{Count(snapshot.Threads.Length, "thread")}, {snapshot.BlockedThreadCount} waiting for a lock, thread or task";

    /// <summary>"waiting to lock … (a Bank.Account), which is held by "teller-2" (tid 2505)", on one line.</summary>
    public static string WaitingAndHolder(ThreadInfo thread, Snapshot snapshot)
    {
        string heldBy = HeldBy(thread, snapshot);
        return heldBy.Length > 0 ? $"{Waiting(thread, snapshot)}, {heldBy}" : Waiting(thread, snapshot);
    }

    /// <summary>A thread's label, or an async flow's ("async flow A1 (Shop.Orders.LoadAsync)") for a flow's node.</summary>
    public static string ThreadName(Snapshot snapshot, int osThreadId) =>
        FlowNode.IsFlow(osThreadId) ? FlowName(snapshot, FlowNode.IdOf(osThreadId))
            : snapshot.FindThread(osThreadId)?.Label ?? $"tid {osThreadId}";

    public static string FlowName(Snapshot snapshot, string flowId) =>
        snapshot.FindFlow(flowId)?.Frames.FirstOrDefault() is { } top ? $"async flow {flowId} ({top.Method})" : $"async flow {flowId}";

    /// <summary>What a flow awaits, and for an async lock who holds it.</summary>
    public static string Awaiting(AsyncFlow flow, Snapshot snapshot)
    {
        FlowAwait awaiting = flow.Awaiting;
        string what = awaiting.Kind switch
        {
            FlowAwaitKind.Semaphore => $"awaiting SemaphoreSlim {Object(awaiting.ObjectAddress ?? 0, null)}" +
                (awaiting.Count is int count ? $" (count {count})" : ""),
            FlowAwaitKind.AsyncFlow => $"awaiting {FlowName(snapshot, awaiting.FlowId!)}",
            _ => awaiting.Description ?? $"awaiting {awaiting.ObjectType ?? "a task"}",
        };
        if (awaiting.LockId is string id && snapshot.FindLock(id) is { Owners.Length: > 0 } held)
        {
            what += ", which is held by " + string.Join(", ", held.Owners.Select(o => ThreadName(snapshot, o)));
        }
        return what;
    }

    /// <summary>"2 threads", "2 async flows", "1 thread and 1 async flow": who is in a cycle.</summary>
    public static string Members(Deadlock cycle)
    {
        int flows = cycle.Threads.Count(FlowNode.IsFlow);
        int threads = cycle.Threads.Length - flows;
        return (threads, flows) switch
        {
            (_, 0) => Count(threads, "thread"),
            (0, _) => Count(flows, "async flow"),
            _ => $"{Count(threads, "thread")} and {Count(flows, "async flow")}",
        };
    }

    /// <summary>What a cycle member waits for: a thread's wait and holder, or a flow's await.</summary>
    public static string NodeWaiting(Snapshot snapshot, int node) =>
        snapshot.FindThread(node) is { } thread ? WaitingAndHolder(thread, snapshot)
            : snapshot.FindFlow(FlowNode.IdOf(node)) is { } flow ? Awaiting(flow, snapshot)
            : "waiting";

    /// <summary>"Shop.Orders.LoadAsync at /src/Shop/Orders.cs:42".</summary>
    public static string FrameAt(Frame frame) =>
        frame.File is null ? frame.Method : $"{frame.Method} at {frame.File}{(frame.Line is int line ? $":{line}" : "")}";

    public static string Count(int count, string singular) =>
        count == 1 ? $"1 {singular}" : $"{count} {singular}s";

    /// <summary>"1 thread waits", "2 threads wait".</summary>
    public static string CountWait(int count, string singular) =>
        $"{Count(count, singular)} {(count == 1 ? "waits" : "wait")}";

    /// <summary>"2 threads wait behind it", of the threads in a blocking chain.</summary>
    public static string WaitBehind(int count) => $"{CountWait(count, "thread")} behind it";

    /// <summary>"18 more threads are blocked behind it", of the threads waiting for a deadlock.</summary>
    public static string BlockedBehind(int count) =>
        $"{Count(count, "more thread")} {(count == 1 ? "is" : "are")} blocked behind it";

    /// <summary>Workers waiting on something other than new work.</summary>
    public static int BlockedWorkers(Snapshot snapshot, ThreadPoolInfo pool) =>
        pool.Workers.Count(w => !pool.IdleWorkers.Contains(w) && snapshot.FindThread(w)?.WaitingFor is not null);

    /// <summary>
    /// The starvation paragraph, first in the text and Markdown reports: how many workers, where
    /// they block (the program's frame, with file:line), how much work waits, and what to do.
    /// </summary>
    public static IEnumerable<string> Starvation(ThreadPoolStarvation starvation, Snapshot snapshot)
    {
        string max = starvation.MaxThreads is int m ? $" (maximum {m})" : "";
        yield return $"All {Count(starvation.BlockedWorkers.Length, "thread-pool worker")}{max} are blocked, " +
            $"and {Count(starvation.QueuedWorkItems, "work item")} wait in the pool's queues.";
        yield return "Where the workers block:";
        foreach (BlockingSite site in starvation.Sites)
        {
            string where = site.Frame is { } frame ? FrameAt(frame) : "no frame of the program on the stack";
            string what = snapshot.FindThread(site.Threads[0]) is { } first ? Waiting(first, snapshot) : "waiting";
            yield return $"  {site.Threads.Length} × {where}";
            yield return $"      {what}";
        }
        yield return "Stop blocking on async code there (.Result, .Wait(), GetAwaiter().GetResult()): await it instead. " +
            "A larger pool only delays the hang.";
    }

    /// <summary>The report's warnings: first what could change the verdict, then the rest.</summary>
    public static IEnumerable<string> Warnings(Snapshot snapshot) =>
        snapshot.Limitations.Select(Limitation).Concat(snapshot.Warnings);

    /// <summary>What kept the analysis from a verdict, one item each.</summary>
    public static IEnumerable<string> InconclusiveReasons(Snapshot snapshot, Findings findings) =>
        snapshot.Limitations.Select(Limitation).Concat(findings.TimedCycles
            .Where(c => c.Edges.Any(e => e.Timed is null))
            .Select(c => $"a cycle of {Count(c.Threads.Length, "thread")} ({string.Join(", ", c.Threads.Select(t => ThreadName(snapshot, t)))}) " +
                "holds a wait whose timeout could not be read: it is a deadlock only if that wait has none"))
        .Concat(WaitForGraph.UnresolvedWaits(snapshot).Select(t =>
            $"{t.Label} waits for a static constructor, but several threads run one and which it waits for could not be told"));

    public static string Limitation(Limitation limitation) => limitation.Kind switch
    {
        LimitationKind.NoHeap =>
            "the dump holds no GC heap (a mini or triage dump): lock owners, thin locks and thread names cannot be read, " +
            "so a deadlock may go unseen; take a heap dump (dumplock collect --type heap)",
        LimitationKind.UnverifiedRuntime =>
            $"DumpLock has not been verified on .NET {limitation.Detail}: its waits may be read wrongly or not at all",
        _ => $"a reader failed, so some waits or owners may be missing: {limitation.Detail}",
    };

    public static string RootState(BlockingChain chain, Snapshot snapshot)
    {
        ThreadInfo? root = snapshot.FindThread(chain.RootThread);
        return root is null ? "unknown" : Waiting(root, snapshot);
    }
}
