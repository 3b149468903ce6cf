using DumpLock.Analysis;
using DumpLock.Model;

namespace DumpLock.Reporting;

/// <summary>
/// The words human-readable reports use for waits, locks and threads, written once from the model's
/// facts. <see cref="Plain"/> for the terminal, <see cref="Markdown"/> for a ticket: the same words,
/// with what they quote from the dump marked up by the format's <see cref="Reporting.Markup"/>.
/// </summary>
public sealed class WaitPhrases(Markup markup)
{
    public static WaitPhrases Plain { get; } = new(Markup.Plain);

    public static WaitPhrases Markdown { get; } = new(Markup.Markdown);

    private string V(string text) => markup.Value(text);

    public string Object(ulong address, string? type) => markup.Object(address, type);

    public string Annotation(FrameAnnotation annotation)
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
    public string Waiting(ThreadInfo thread, Snapshot snapshot)
    {
        Wait? wait = thread.WaitingFor;
        return wait?.Kind switch
        {
            null => thread.State == ThreadState.Running ? "running"
                : thread.Frames.IsEmpty ? "state unknown (no managed frames)" : "state unknown",
            WaitKind.Lock => WaitingToLock(wait, snapshot),
            WaitKind.Thread => wait.OsThreadId is int joined
                ? $"waiting for {ThreadName(snapshot, joined)} to finish"
                : "waiting for a thread to finish (Thread.Join)",
            WaitKind.TypeInitializer => WaitingForTypeInitializer(wait, snapshot),
            WaitKind.Task => WaitingForTask(wait, snapshot),
            WaitKind.Event => WaitingForEvent(wait),
            WaitKind.Io => $"in a system call that waits for I/O: {V(wait.SystemCall ?? "unknown")}",
            _ => WaitingOther(wait),
        };
    }

    private string WaitingToLock(Wait wait, Snapshot snapshot)
    {
        if (wait.LockId is null || snapshot.FindLock(wait.LockId) is not { } waited)
        {
            return "waiting to lock an object";
        }
        return waited.Kind switch
        {
            LockKind.ReaderWriterLockSlim when wait.Mode is LockMode mode =>
                $"waiting to enter the {ModeName(mode)} of {markup.Named("ReaderWriterLockSlim", waited.Address)}",
            LockKind.ReaderWriterLockSlim => $"waiting to enter {markup.Named("ReaderWriterLockSlim", waited.Address)}",
            LockKind.SemaphoreSlim =>
                $"waiting on {markup.Named("SemaphoreSlim", waited.Address)}{(wait.Count is int count ? $" (count {count})" : "")}",
            LockKind.Mutex => $"waiting to acquire {markup.Named("Mutex", waited.Address)}",
            _ => $"waiting to lock {Object(waited.Address, waited.ObjectType)}",
        };
    }

    private static string ModeName(LockMode mode) => mode switch
    {
        LockMode.UpgradeableRead => "upgradeable read lock",
        LockMode.Write => "write lock",
        _ => "read lock",
    };

    private string WaitingForTypeInitializer(Wait wait, Snapshot snapshot)
    {
        string type = wait.ObjectType is null ? "a class" : V(wait.ObjectType);
        return wait.OsThreadId is int runner
            ? $"waiting for the static constructor of {type}, which runs on {ThreadName(snapshot, runner)}"
            : $"waiting for the static constructor of {type} (the thread running it could not be told)";
    }

    private string WaitingForTask(Wait wait, Snapshot snapshot)
    {
        if (wait.ObjectAddress is not ulong task)
        {
            return "waiting for a task that is not on the stack";
        }
        string how = wait.TaskProgress switch
        {
            TaskProgress.Running when wait.OsThreadId is int runner => $"(running on {ThreadName(snapshot, runner)})",
            TaskProgress.QueuedToWaitersContext =>
                $"whose continuation is queued to this thread's {V(wait.ContextType ?? "SynchronizationContext")}, which this wait blocks",
            TaskProgress.QueuedToThreadPool => "whose continuation was queued to the thread pool (ConfigureAwait(false)), not run yet",
            _ => "(not running on any thread)",
        };
        return $"waiting for task {Object(task, null)} {how}";
    }

    private string WaitingForEvent(Wait wait)
    {
        string type = ShortName(wait.ObjectType ?? "WaitHandle");
        if (wait.ObjectAddress is not ulong address)
        {
            return wait.ObjectType is null ? "waiting on a wait handle" : $"waiting on a {V(type)}";
        }
        string named = markup.Named(type, address);
        return type switch
        {
            "ManualResetEventSlim" => $"waiting for {named} to be set",
            "CountdownEvent" => $"waiting for {named}{(wait.Count is int left ? $" ({left} signal(s) left)" : "")}",
            "Barrier" => $"waiting at {named} for the other participants",
            _ => $"waiting on {named}",
        };
    }

    private string WaitingOther(Wait wait) => wait.Activity switch
    {
        WaitActivity.Sleeping => "sleeping (Thread.Sleep)",
        WaitActivity.IdlePoolWorker => "idle thread-pool worker, waiting for work",
        WaitActivity.IdleFinalizer => "the finalizer thread, waiting for objects to finalize",
        WaitActivity.AwaitingPulse when wait.ObjectAddress is ulong address => $"waiting on {Object(address, wait.ObjectType)} for Monitor.Pulse",
        WaitActivity.AwaitingPulse => "waiting for Monitor.Pulse",
        _ when wait.ObjectType == "System.Threading.SemaphoreSlim" => "waiting on a SemaphoreSlim that is not on the stack; no owner recorded",
        _ => "waiting (other)",
    };

    // Up to .NET 10 a Mutex's owner lives in the runtime's native handle table; .NET 11 records it in managed state.
    private static bool RecordsNoMutexOwner(SourceInfo source) =>
        source.RuntimeVersion is not { } version || !Version.TryParse(version.Split('-')[0], out Version? parsed) || parsed.Major < 11;

    private static string ShortName(string type) => type[(type.LastIndexOf('.') + 1)..];

    /// <summary>"which is held by "teller-2" (tid 2505)", or what is known instead.</summary>
    public string HeldBy(ThreadInfo thread, Snapshot snapshot)
    {
        Wait? wait = thread.WaitingFor;
        if (wait?.Kind != WaitKind.Lock || wait.LockId is null || snapshot.FindLock(wait.LockId) is not { } waited)
        {
            return "";
        }
        if (waited.Owners.Length == 0)
        {
            return waited.Kind switch
            {
                LockKind.SemaphoreSlim => "a semaphore has no owner",
                LockKind.Mutex when RecordsNoMutexOwner(snapshot.Source) => "its owner is not recorded in a dump before .NET 11",
                _ => "whose owner was not found in the dump",
            };
        }
        string held = "which is held by " + string.Join(", ", waited.Owners.Select(o => ThreadName(snapshot, o)));
        // A reader does not wait for other readers, but queues behind a thread waiting to write.
        int[] queuedBehind = [.. LockModes.ThreadsBlocking(waited, thread, snapshot).Where(t => !waited.Owners.Contains(t))];
        return queuedBehind.Length == 0 ? held
            : $"{held}, and queued behind {string.Join(", ", queuedBehind.Select(t => ThreadName(snapshot, t)))}, waiting to write";
    }

    /// <summary>"teller-1" (tid 2504) managed=4 background threadpool: the label and what else is known.</summary>
    public string Heading(ThreadInfo thread)
    {
        string managed = thread.ManagedThreadId is int id ? $" managed={id}" : "";
        string flags = (thread.IsBackground ? " background" : "") + (thread.IsThreadPool ? " threadpool" : "");
        return $"{V(thread.Label)}{managed}{flags}";
    }

    public string Runtime(SourceInfo source) =>
        source.RuntimeVersion is null ? ".NET (version unknown)" : $".NET {V(source.RuntimeVersion)}";

    /// <summary>"23 threads, 21 waiting for a lock, thread or task".</summary>
    public static string ThreadCounts(Snapshot snapshot) =>
        $"{Count(snapshot.Threads.Length, "thread")}, {snapshot.BlockedThreadCount} waiting for a lock, thread or task";

    /// <summary>"waiting to lock … (a Bank.Account), which is held by "teller-2" (tid 2505)", on one line.</summary>
    public string WaitingAndHolder(ThreadInfo thread, Snapshot snapshot)
    {
        string heldBy = HeldBy(thread, snapshot);
        return heldBy.Length > 0 ? $"{Waiting(thread, snapshot)}, {heldBy}" : Waiting(thread, snapshot);
    }

    /// <summary>A thread's label, or an async flow's ("async flow A1 (Shop.Orders.LoadAsync)") for a flow's node.</summary>
    public string ThreadName(Snapshot snapshot, int osThreadId) =>
        FlowNode.IsFlow(osThreadId) ? FlowName(snapshot, FlowNode.IdOf(osThreadId))
            : V(snapshot.FindThread(osThreadId)?.Label ?? $"tid {osThreadId}");

    private string FlowName(Snapshot snapshot, string flowId) =>
        snapshot.FindFlow(flowId)?.Frames.FirstOrDefault() is { } top ? $"async flow {V(flowId)} ({V(top.Method)})" : $"async flow {V(flowId)}";

    /// <summary>Up to <paramref name="shown"/> thread names, then "and N more".</summary>
    public string ThreadList(IReadOnlyCollection<int> threads, Snapshot snapshot, int shown = int.MaxValue)
    {
        string names = string.Join(", ", threads.Take(shown).Select(t => ThreadName(snapshot, t)));
        return threads.Count > shown ? $"{names} and {threads.Count - shown} more" : names;
    }

    /// <summary>What a flow awaits, and for an async lock who holds it.</summary>
    public string Awaiting(AsyncFlow flow, Snapshot snapshot)
    {
        FlowAwait awaiting = flow.Awaiting;
        string type = V(awaiting.ObjectType ?? "a task");
        string what = awaiting.Kind switch
        {
            FlowAwaitKind.Semaphore => $"awaiting {markup.Named("SemaphoreSlim", awaiting.ObjectAddress ?? 0)}" +
                (awaiting.Count is int count ? $" (count {count})" : ""),
            FlowAwaitKind.AsyncFlow => $"awaiting {FlowName(snapshot, awaiting.FlowId!)}",
            FlowAwaitKind.Task when awaiting.ObjectAddress is ulong task =>
                $"awaiting task {Object(task, null)} ({type}), typically a TaskCompletionSource's, which no thread is running",
            FlowAwaitKind.Io => $"awaiting I/O ({type})",
            FlowAwaitKind.Timer => "awaiting a timer (Task.Delay)",
            _ => "awaiting something DumpLock does not read (a custom awaiter)",
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
    private string NodeWaiting(Snapshot snapshot, int node) =>
        snapshot.FindThread(node) is { } thread ? WaitingAndHolder(thread, snapshot)
            : snapshot.FindFlow(FlowNode.IdOf(node)) is { } flow ? Awaiting(flow, snapshot)
            : "waiting";

    /// <summary>"Shop.Orders.LoadAsync at /src/Shop/Orders.cs:42".</summary>
    public string FrameAt(Frame frame) =>
        frame.File is null ? V(frame.Method) : $"{V(frame.Method)} at {Place(frame)}";

    /// <summary>"/src/Shop/Orders.cs:42", linked to the source at its commit when the PDB has a SourceLink map.</summary>
    public string Place(Frame frame) =>
        markup.Link(V(frame.File ?? "") + (frame.Line is int line ? $":{line}" : ""), SourceLinks.PageOf(frame));

    public static string Count(int count, string singular) =>
        count == 1 ? $"1 {singular}" : $"{count} {singular}s";

    /// <summary>"1 thread waits", "2 threads wait".</summary>
    private static string CountWait(int count, string singular) =>
        $"{Count(count, singular)} {(count == 1 ? "waits" : "wait")}";

    /// <summary>"2 threads wait behind it", of the threads in a blocking chain.</summary>
    public static string WaitBehind(int count) => $"{CountWait(count, "thread")} behind it";

    /// <summary>"18 more threads are blocked behind it", of the threads waiting for a deadlock.</summary>
    public static string BlockedBehind(int count) =>
        $"{Count(count, "more thread")} {(count == 1 ? "is" : "are")} blocked behind it";

    /// <summary>
    /// The cause, in the sentences a report opens with: who waits for whom in each deadlock, the
    /// starved pool, the root of each blocking chain, or what kept the analysis from a verdict.
    /// </summary>
    public string Cause(Snapshot snapshot, Findings findings) => findings.Verdict switch
    {
        Verdict.Deadlock => string.Join(" ", findings.Deadlocks.Select(d => DeadlockSentence(d, snapshot))),
        Verdict.Starvation => StarvationSentence(findings.Starvation!),
        Verdict.Blocked => string.Join(" ", findings.BlockingChains.Select(c =>
            $"Blocking chain rooted at {ThreadName(snapshot, c.RootThread)}: {RootState(c, snapshot)}; {WaitBehind(c.BlockedThreads.Length)}.")
            .Prepend($"{CountWait(snapshot.BlockedThreadCount, "thread")} for a lock, thread or task, but not in a cycle.")),
        Verdict.Inconclusive => $"No deadlock found, but DumpLock could not see everything it needs: {string.Join("; ", InconclusiveReasons(snapshot, findings))}.",
        _ => "No thread waits for a lock, thread or task.",
    };

    /// <summary>"2 threads wait for each other: "a" is waiting to lock …, which is held by "b"; … 1 more thread is blocked behind it."</summary>
    private string DeadlockSentence(Deadlock deadlock, Snapshot snapshot)
    {
        string who = deadlock.Threads.Length == 1 ? "1 thread waits for itself" : $"{Members(deadlock)} wait for each other";
        IEnumerable<string> waits = deadlock.Threads.Select(node => $"{ThreadName(snapshot, node)} is {NodeWaiting(snapshot, node)}");
        string behind = deadlock.BlockedBehind.IsEmpty ? "" : $" {BlockedBehind(deadlock.BlockedBehind.Length)}.";
        return $"{who}: {string.Join("; ", waits)}.{behind}";
    }

    private static string StarvationSentence(ThreadPoolStarvation starvation)
    {
        string max = starvation.MaxThreads is int m ? $" (maximum {m})" : "";
        return $"All {Count(starvation.BlockedWorkers.Length, "thread-pool worker")}{max} are blocked, " +
            $"and {Count(starvation.QueuedWorkItems, "work item")} wait in the pool's queues.";
    }

    /// <summary>"Bank.Teller.Transfer at Teller.cs:42 ("teller-1" (tid 5), "teller-2" (tid 6))", one per place to fix.</summary>
    public IEnumerable<string> CodeToFix(Findings findings, Snapshot snapshot) =>
        findings.CodeToFix.Select(site => site.Frame is { } frame
            ? $"{FrameAt(frame)} ({ThreadList(site.Threads, snapshot, 3)})"
            : $"no frame of the program on the stack of {ThreadList(site.Threads, snapshot, 3)}");

    /// <summary>What the report calls <see cref="Findings.CodeToFix"/>: a blocking chain is not a bug for sure.</summary>
    public static string CodeToFixTitle(Findings findings) => findings.Verdict == Verdict.Blocked ? "Where they wait" : "Code to fix";

    /// <summary>What to do about the verdict, in one sentence (null when there is no advice).</summary>
    public static string? Advice(Findings findings, Snapshot snapshot) => findings.Verdict switch
    {
        Verdict.Deadlock when findings.Deadlocks.SelectMany(d => d.Edges).All(e => snapshot.FindLock(e.WaitsFor) is not null) =>
            "Take the locks in one order everywhere, or do not wait while holding one.",
        Verdict.Deadlock => "Break the cycle: do not wait for a thread, task or class initialiser while holding what it needs.",
        Verdict.Starvation => "Stop blocking on async code there (.Result, .Wait(), GetAwaiter().GetResult()): await it instead. " +
            "A larger pool only delays the hang.",
        _ => null,
    };

    /// <summary>
    /// The starvation details, after the cause: where the workers block (the program's frame, with
    /// file:line) and what they wait for, one site each.
    /// </summary>
    public IEnumerable<string> StarvationSites(ThreadPoolStarvation starvation, Snapshot snapshot)
    {
        yield return "Where the workers block:";
        foreach (BlockingSite site in starvation.Sites)
        {
            string where = site.Frame is { } frame ? FrameAt(frame) : "no frame of the program on the stack";
            string what = snapshot.FindThread(site.Threads[0]) is { } first ? Waiting(first, snapshot) : "waiting";
            yield return $"  {site.Threads.Length} × {where}";
            yield return $"      {what}";
        }
    }

    /// <summary>The report's warnings: first what could change the verdict, then the rest.</summary>
    public IEnumerable<string> Warnings(Snapshot snapshot) =>
        snapshot.Limitations.Select(Limitation).Concat(snapshot.Warnings.Select(V)).Concat(MissingSymbols(snapshot));

    private IEnumerable<string> MissingSymbols(Snapshot snapshot)
    {
        if (!snapshot.ModulesWithoutSymbols.IsEmpty)
        {
            yield return $"no symbols (PDB) for {string.Join(", ", snapshot.ModulesWithoutSymbols.Select(V))}: " +
                "their frames have no file and line; give the PDBs' directory with --symbols DIR";
        }
    }

    /// <summary>What kept the analysis from a verdict, one item each.</summary>
    public IEnumerable<string> InconclusiveReasons(Snapshot snapshot, Findings findings) =>
        snapshot.Limitations.Select(Limitation).Concat(findings.TimedCycles
            .Where(c => c.Edges.Any(e => e.Timed is null))
            .Select(c => $"a cycle of {Count(c.Threads.Length, "thread")} ({ThreadList(c.Threads, snapshot)}) " +
                "holds a wait whose timeout could not be read: it is a deadlock only if that wait has none"))
        .Concat(WaitForGraph.UnresolvedWaits(snapshot).Select(t =>
            $"{V(t.Label)} waits for a static constructor, but several threads run one and which it waits for could not be told"))
        .Concat(findings.UnownedLockWaits.Select(t =>
            $"{ThreadName(snapshot, t)} waits for a lock whose owner was not found while other threads wait for it: that owner could close a cycle"));

    public string Limitation(Limitation limitation) => limitation.Kind switch
    {
        LimitationKind.NoHeap =>
            "the dump holds no GC heap (a mini or triage dump): lock owners, thin locks and thread names cannot be read, " +
            "so a deadlock may go unseen; take a heap dump (dumplock collect --type heap)",
        LimitationKind.UnverifiedRuntime =>
            $"DumpLock has not been verified on .NET {V(limitation.Detail ?? "")}: its waits may be read wrongly or not at all",
        _ => $"a reader failed, so some waits or owners may be missing: {V(limitation.Detail ?? "")}",
    };

    public string RootState(BlockingChain chain, Snapshot snapshot) =>
        snapshot.FindThread(chain.RootThread) is { } root ? Waiting(root, snapshot) : "unknown";
}
