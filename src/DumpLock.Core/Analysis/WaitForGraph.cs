using System.Collections.Immutable;
using DumpLock.Model;

namespace DumpLock.Analysis;

/// <summary>
/// The wait-for graph of a snapshot: a thread has an edge to every thread that must act before its
/// wait can end (the owners of a lock whose mode conflicts with the one it asks for, see
/// <see cref="LockModes"/>; the thread it
/// joins, the thread that must run the task it waits for). Cycles of waits without a timeout are
/// deadlocks; cycles through a timed wait are lock-order bugs that end by themselves; paths that end
/// in a thread waiting for nobody are blocking chains. A pure function of the snapshot.
/// </summary>
/// <remarks>
/// Every edge is an "and" edge: a waiter needs every conflicting owner to let go (a writer waits for
/// every reader to leave), so one cycle through any of them blocks for good, whatever the others do.
/// Waits that any one of several threads could end (a semaphore, an event) have no owners in the
/// model, hence no edges: they end blocking chains and never close a cycle.
/// </remarks>
public static class WaitForGraph
{
    public static Findings Analyze(Snapshot snapshot)
    {
        Dictionary<int, List<WaitEdge>> edges = BuildEdges(snapshot);
        Dictionary<int, List<int>> all = Successors(edges, _ => true);
        Dictionary<int, List<int>> forever = Successors(edges, e => e.IsForever);

        List<HashSet<int>> deadlockSets = Cycles(forever);
        List<HashSet<int>> timedSets = Cycles(all).Where(c => !c.Overlaps(deadlockSets.SelectMany(d => d))).ToList();
        List<HashSet<int>> cycleSets = [.. deadlockSets, .. timedSets];

        var behind = cycleSets.Select(_ => new SortedSet<int>()).ToList();
        var chains = new SortedDictionary<int, SortedSet<int>>();
        // Chains and "blocked behind" list threads; async flows show in asyncFlows and in cycles.
        foreach (int thread in all.Keys.Where(t => !FlowNode.IsFlow(t) && all[t].Count > 0))
        {
            if (cycleSets.Any(d => d.Contains(thread)))
            {
                continue;
            }
            foreach (int reached in Reachable(thread, all))
            {
                int cycle = cycleSets.FindIndex(d => d.Contains(reached));
                if (cycle >= 0)
                {
                    behind[cycle].Add(thread);
                }
                else if (all[reached].Count == 0 && !FlowNode.IsFlow(reached))
                {
                    (chains.TryGetValue(reached, out var blocked) ? blocked : chains[reached] = []).Add(thread);
                }
            }
        }

        var deadlocks = deadlockSets
            .Select((set, i) => ToCycle(set, edges, e => e.IsForever, behind[i]))
            .OrderBy(d => d.Threads[0] < 0 ? int.MaxValue : d.Threads[0])
            .ToImmutableArray();
        var timedCycles = timedSets
            .Select((set, i) => ToCycle(set, edges, _ => true, behind[deadlockSets.Count + i]))
            .OrderBy(d => d.Threads[0])
            .ToImmutableArray();
        var blockingChains = chains
            .Select(c => new BlockingChain(c.Key, StateOf(snapshot, c.Key), [.. c.Value])
            {
                Edges = [.. c.Value.SelectMany(t => edges[t].Where(e => e.HeldBy == c.Key || c.Value.Contains(e.HeldBy)))],
            })
            .ToImmutableArray();
        ThreadPoolStarvation? starvation = StarvationCheck.Analyze(snapshot);
        ImmutableArray<int> unowned = UnownedLockWaits(snapshot, edges);
        var findings = new Findings(VerdictOf(snapshot, deadlocks, timedCycles, starvation, unowned), deadlocks, blockingChains, timedCycles)
        {
            Starvation = starvation,
            UnownedLockWaits = unowned,
        };
        return findings with { CodeToFix = CodeToFix.Of(snapshot, findings), ThreadGroups = ThreadGroup.Of(snapshot, findings) };
    }

    private static Dictionary<int, List<WaitEdge>> BuildEdges(Snapshot snapshot)
    {
        var known = snapshot.Threads.Select(t => t.OsThreadId).Concat(snapshot.AsyncFlows.Select(f => FlowNode.Of(f.Id))).ToHashSet();
        var edges = new Dictionary<int, List<WaitEdge>>();
        foreach (ThreadInfo thread in snapshot.Threads)
        {
            edges[thread.OsThreadId] = EdgesOf(thread, snapshot).Where(e => known.Contains(e.HeldBy)).ToList();
        }
        foreach (AsyncFlow flow in snapshot.AsyncFlows)
        {
            edges[FlowNode.Of(flow.Id)] = EdgesOf(flow, snapshot).Where(e => known.Contains(e.HeldBy)).ToList();
        }
        return edges;
    }

    /// <summary>
    /// A flow awaiting an async lock waits for the flow or thread holding it — itself too: a
    /// SemaphoreSlim is not re-entrant, and the only one that could release it is suspended. A flow
    /// awaiting another flow waits for that one. Other awaits (a timer, I/O, a task) end a chain.
    /// </summary>
    private static IEnumerable<WaitEdge> EdgesOf(AsyncFlow flow, Snapshot snapshot)
    {
        int node = FlowNode.Of(flow.Id);
        FlowAwait awaiting = flow.Awaiting;
        return awaiting switch
        {
            { Kind: FlowAwaitKind.Semaphore, LockId: string id } when snapshot.FindLock(id) is { } held =>
                held.Owners.Select(o => new WaitEdge(node, id, o)),
            { Kind: FlowAwaitKind.AsyncFlow, FlowId: string other } => [new WaitEdge(node, $"flow:{other}", FlowNode.Of(other))],
            _ => [],
        };
    }

    private static IEnumerable<WaitEdge> EdgesOf(ThreadInfo thread, Snapshot snapshot)
    {
        Wait? wait = thread.WaitingFor;
        switch (wait?.Kind)
        {
            case WaitKind.Lock when wait.LockId is not null && snapshot.FindLock(wait.LockId) is { } waited:
                return LockModes.ThreadsBlocking(waited, thread, snapshot)
                    .Select(blocker => new WaitEdge(thread.OsThreadId, waited.Id, blocker, wait.Timed));
            case WaitKind.Thread when wait.OsThreadId is int joined:
                return [new WaitEdge(thread.OsThreadId, $"thread:{joined}", joined, wait.Timed)];
            case WaitKind.Task when wait.OsThreadId is int runner && wait.ObjectAddress is ulong task:
                return [new WaitEdge(thread.OsThreadId, $"task:0x{task:x}", runner, wait.Timed)];
            case WaitKind.TypeInitializer when wait.OsThreadId is int initializer && initializer != thread.OsThreadId:
                return [new WaitEdge(thread.OsThreadId, $"typeInitializer:{wait.ObjectType}", initializer, wait.Timed)];
            default:
                return [];
        }
    }

    private static Dictionary<int, List<int>> Successors(Dictionary<int, List<WaitEdge>> edges, Func<WaitEdge, bool> keep) =>
        edges.ToDictionary(e => e.Key, e => e.Value.Where(keep).Select(edge => edge.HeldBy).Distinct().ToList());

    /// <summary>Strongly connected components that hold a cycle: two threads or more, or one that waits for itself.</summary>
    private static List<HashSet<int>> Cycles(Dictionary<int, List<int>> successors) =>
        StronglyConnectedComponents.Find(successors)
            .Where(c => c.Count > 1 || successors[c[0]].Contains(c[0]))
            .Select(c => c.ToHashSet())
            .ToList();

    private static HashSet<int> Reachable(int start, Dictionary<int, List<int>> successors)
    {
        var seen = new HashSet<int>();
        var pending = new Stack<int>(successors[start]);
        while (pending.Count > 0)
        {
            int node = pending.Pop();
            if (seen.Add(node))
            {
                successors[node].ForEach(pending.Push);
            }
        }
        seen.Remove(start);
        return seen;
    }

    /// <summary>
    /// Walks the cycle from its lowest thread id (or, with no thread in it, from its first async
    /// flow), always to the lowest unvisited member.
    /// </summary>
    private static Deadlock ToCycle(HashSet<int> members, Dictionary<int, List<WaitEdge>> edges, Func<WaitEdge, bool> keep, SortedSet<int> behind)
    {
        var order = new List<int>();
        int? current = members.Any(m => !FlowNode.IsFlow(m)) ? members.Where(m => !FlowNode.IsFlow(m)).Min() : members.Max();
        while (current is int thread && !order.Contains(thread))
        {
            order.Add(thread);
            current = edges[thread].Where(keep).Select(e => e.HeldBy)
                .Where(t => members.Contains(t) && !order.Contains(t))
                .Order()
                .Cast<int?>()
                .FirstOrDefault();
        }
        order.AddRange(members.Except(order).Order());
        var cycleEdges = order.SelectMany(t => edges[t].Where(e => keep(e) && members.Contains(e.HeldBy)));
        return new Deadlock([.. order], [.. cycleEdges], [.. behind]);
    }

    private static ThreadState StateOf(Snapshot snapshot, int osThreadId) =>
        snapshot.FindThread(osThreadId)?.State ?? ThreadState.Unknown;

    /// <summary>
    /// Threads waiting for a static constructor when it could not be told which thread runs it:
    /// the edge that could close a cycle is missing.
    /// </summary>
    public static IEnumerable<ThreadInfo> UnresolvedWaits(Snapshot snapshot) =>
        snapshot.Threads.Where(t => t.WaitingFor is { Kind: WaitKind.TypeInitializer, OsThreadId: null });

    /// <summary>
    /// Threads waiting (with no timeout, or one that could not be read) for a lock that has an owner
    /// whenever a thread waits for it — a monitor, a Lock, a ReaderWriterLockSlim, a Mutex — when no
    /// owner was found, while another thread waits for them: the missing edge could close a cycle.
    /// A waiter that nobody waits for cannot be in one, and a semaphore has no owner to find.
    /// </summary>
    private static ImmutableArray<int> UnownedLockWaits(Snapshot snapshot, Dictionary<int, List<WaitEdge>> edges)
    {
        var waitedFor = edges.Values.SelectMany(e => e).Where(e => e.Timed != true).Select(e => e.HeldBy).ToHashSet();
        return [.. snapshot.Threads.Where(t => t.WaitingFor is { Kind: WaitKind.Lock, LockId: string id, Timed: not true }
                && snapshot.FindLock(id) is { Kind: not LockKind.SemaphoreSlim }
                && edges[t.OsThreadId].Count == 0
                && waitedFor.Contains(t.OsThreadId))
            .Select(t => t.OsThreadId)];
    }

    /// <summary>
    /// A cycle through a wait whose timeout could not be read may or may not end by itself, and a
    /// snapshot with limitations may hide a cycle, as may a waiter whose lock's owner was not found:
    /// any of them makes "no hang found" a guess.
    /// </summary>
    private static Verdict VerdictOf(Snapshot snapshot, ImmutableArray<Deadlock> deadlocks, ImmutableArray<Deadlock> timedCycles,
        ThreadPoolStarvation? starvation, ImmutableArray<int> unownedLockWaits)
    {
        if (deadlocks.Length > 0)
        {
            return Verdict.Deadlock;
        }
        if (starvation is not null)
        {
            return Verdict.Starvation;
        }
        if (snapshot.Limitations.Length > 0 || timedCycles.Any(c => c.Edges.Any(e => e.Timed is null)) || UnresolvedWaits(snapshot).Any()
            || unownedLockWaits.Length > 0)
        {
            return Verdict.Inconclusive;
        }
        return snapshot.BlockedThreadCount > 0 ? Verdict.Blocked : Verdict.Ok;
    }
}
