using System.Collections.Immutable;
using DumpLock.Model;

namespace DumpLock.Analysis;

/// <summary>
/// The wait-for graph of a snapshot: a thread has an edge to every thread that must release what
/// it waits for (every owner of a lock, the thread it joins). Cycles are deadlocks; paths that end
/// in a thread waiting for nobody are blocking chains. A pure function of the snapshot.
/// </summary>
/// <remarks>
/// Every edge is an "and" edge: a waiter needs all owners to let go (a writer waits for every
/// reader to leave), so one cycle through any owner blocks for good, whatever other owners do.
/// Waits that any one of several threads could end (a semaphore, an event) have no owners in the
/// model, hence no edges: they end blocking chains and never close a cycle.
/// </remarks>
public static class WaitForGraph
{
    public static Findings Analyze(Snapshot snapshot)
    {
        Dictionary<int, List<WaitEdge>> edges = BuildEdges(snapshot);
        Dictionary<int, List<int>> successors = edges.ToDictionary(
            e => e.Key, e => e.Value.Select(edge => edge.HeldBy).Distinct().ToList());

        var deadlockSets = StronglyConnectedComponents.Find(successors)
            .Where(c => IsCycle(c, successors))
            .Select(c => c.ToHashSet())
            .ToList();

        var behind = deadlockSets.Select(_ => new SortedSet<int>()).ToList();
        var chains = new SortedDictionary<int, SortedSet<int>>();
        foreach (int thread in successors.Keys.Where(t => successors[t].Count > 0))
        {
            if (deadlockSets.Any(d => d.Contains(thread)))
            {
                continue;
            }
            foreach (int reached in Reachable(thread, successors))
            {
                int cycle = deadlockSets.FindIndex(d => d.Contains(reached));
                if (cycle >= 0)
                {
                    behind[cycle].Add(thread);
                }
                else if (successors[reached].Count == 0)
                {
                    (chains.TryGetValue(reached, out var blocked) ? blocked : chains[reached] = []).Add(thread);
                }
            }
        }

        var deadlocks = deadlockSets
            .Select((set, i) => ToDeadlock(set, edges, behind[i]))
            .OrderBy(d => d.Threads[0])
            .ToImmutableArray();
        var blockingChains = chains
            .Select(c => new BlockingChain(c.Key, StateOf(snapshot, c.Key), [.. c.Value]))
            .ToImmutableArray();
        return new Findings(VerdictOf(snapshot, deadlocks), deadlocks, blockingChains);
    }

    private static Dictionary<int, List<WaitEdge>> BuildEdges(Snapshot snapshot)
    {
        var known = snapshot.Threads.Select(t => t.OsThreadId).ToHashSet();
        var edges = new Dictionary<int, List<WaitEdge>>();
        foreach (ThreadInfo thread in snapshot.Threads)
        {
            edges[thread.OsThreadId] = EdgesOf(thread, snapshot).Where(e => known.Contains(e.HeldBy)).ToList();
        }
        return edges;
    }

    private static IEnumerable<WaitEdge> EdgesOf(ThreadInfo thread, Snapshot snapshot)
    {
        Wait? wait = thread.WaitingFor;
        switch (wait?.Kind)
        {
            case WaitKind.Lock when wait.LockId is not null && snapshot.FindLock(wait.LockId) is { } waited:
                return waited.Owners.Select(owner => new WaitEdge(thread.OsThreadId, waited.Id, owner));
            case WaitKind.Thread when wait.OsThreadId is int joined:
                return [new WaitEdge(thread.OsThreadId, $"thread:{joined}", joined)];
            case WaitKind.Task when wait.OsThreadId is int runner && wait.ObjectAddress is ulong task:
                return [new WaitEdge(thread.OsThreadId, $"task:0x{task:x}", runner)];
            default:
                return [];
        }
    }

    /// <summary>A component is a cycle when it has two threads or more, or one that waits for itself.</summary>
    private static bool IsCycle(List<int> component, Dictionary<int, List<int>> successors) =>
        component.Count > 1 || successors[component[0]].Contains(component[0]);

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

    /// <summary>Walks the cycle from its lowest thread id, always to the lowest unvisited member.</summary>
    private static Deadlock ToDeadlock(HashSet<int> members, Dictionary<int, List<WaitEdge>> edges, SortedSet<int> behind)
    {
        var order = new List<int>();
        int? current = members.Min();
        while (current is int thread && !order.Contains(thread))
        {
            order.Add(thread);
            current = edges[thread].Select(e => e.HeldBy)
                .Where(t => members.Contains(t) && !order.Contains(t))
                .Order()
                .Cast<int?>()
                .FirstOrDefault();
        }
        order.AddRange(members.Except(order).Order());
        var cycleEdges = order.SelectMany(t => edges[t].Where(e => members.Contains(e.HeldBy)));
        return new Deadlock([.. order], [.. cycleEdges], [.. behind]);
    }

    private static ThreadState StateOf(Snapshot snapshot, int osThreadId) =>
        snapshot.FindThread(osThreadId)?.State ?? ThreadState.Unknown;

    private static Verdict VerdictOf(Snapshot snapshot, ImmutableArray<Deadlock> deadlocks)
    {
        if (deadlocks.Length > 0)
        {
            return Verdict.Deadlock;
        }
        return snapshot.BlockedThreadCount > 0 ? Verdict.Blocked : Verdict.Ok;
    }
}
