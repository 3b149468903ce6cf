using DumpLock.Model;
using DumpLock.Reading.Inspectors;
using DumpLock.Reading.SourceLines;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading.Async;

/// <summary>
/// Finds the pending async flows that no thread is running, by walking the heap once for async
/// state machine boxes and SemaphoreSlims (docs/runtime-internals.md §9). A flow is a chain of
/// boxes, each awaiting the next; its bottom awaits something else: an async lock, a timer, I/O, a
/// task that something else must complete, or (an await cycle) a box of another flow. Memory stays
/// small: only pending boxes and semaphores with async waiters are kept, never the heap.
/// </summary>
internal static class AsyncFlowReader
{
    private const string SemaphoreType = "System.Threading.SemaphoreSlim";

    public static List<FlowReading> Read(RuntimeView view, SourceLineResolver lines, Action<string>? progress)
    {
        var boxes = new Dictionary<ulong, PendingBox>();
        var semaphoreOfNode = new Dictionary<ulong, ClrObject>();
        WalkHeap(view.Heap, boxes, semaphoreOfNode, progress);

        // A box is run by a thread when it is a root of that thread's MoveNext frame.
        var running = view.ThreadViews
            .SelectMany(t => Enumerable.Range(0, t.Frames.Count).Where(i => t.Frames[i].Method?.Name == "MoveNext").SelectMany(t.RootsOf))
            .Select(o => o.Address)
            .ToHashSet();
        var pending = boxes.Values.Where(b => !running.Contains(b.Box.Address)).ToDictionary(b => b.Box.Address);
        var awaitedBy = pending.Values.Where(b => b.Awaited is { } t && pending.ContainsKey(t.Address))
            .GroupBy(b => b.Awaited!.Value.Address)
            .ToDictionary(g => g.Key, g => g.First());

        // Chains grow up from bottoms, boxes that await no pending box. What is left awaits in a
        // circle (or above one): each such box is a flow of its own, awaiting the next flow.
        var chains = new List<List<PendingBox>>();
        var placed = new HashSet<ulong>();
        foreach (PendingBox bottom in pending.Values.Where(b => b.Awaited is not { } t || !pending.ContainsKey(t.Address)))
        {
            var chain = new List<PendingBox>();
            for (PendingBox? box = bottom; box is not null && placed.Add(box.Box.Address); box = awaitedBy.GetValueOrDefault(box.Box.Address))
            {
                chain.Add(box);
            }
            chains.Add(chain);
        }
        chains.AddRange(pending.Values.Where(b => placed.Add(b.Box.Address)).Select(b => new List<PendingBox> { b }));

        using var ownership = new AsyncLockOwnership(view.Runtime, lines);
        var nodeOfBox = chains.SelectMany((chain, i) => chain.Select(b => (b.Box.Address, Node: -(i + 1)))).ToDictionary(x => x.Address, x => x.Node);
        return Group(chains.Select((chain, i) => ToFlow(-(i + 1), chain, nodeOfBox, semaphoreOfNode, lines, ownership)).ToList());
    }

    /// <summary>
    /// A hundred requests parked at the same await are one flow with a count. Only flows that hold
    /// nothing and take part in no await between flows are merged; nodes are renumbered in order.
    /// </summary>
    private static List<FlowReading> Group(List<FlowReading> flows)
    {
        var linked = flows.Where(f => f.AwaitedFlowNode is not null).SelectMany(f => new[] { f.Node, f.AwaitedFlowNode!.Value }).ToHashSet();
        var groups = flows
            .GroupBy(f => f.Held.Count > 0 || linked.Contains(f.Node)
                ? $"#{f.Node}"
                : string.Join("|", f.Frames.Select(x => $"{x.Method}:{x.Line}")) + $"|{f.Awaiting.Kind}|{f.Awaiting.ObjectType}|{f.AwaitedSemaphore?.Address}")
            .ToList();
        var renumbered = groups.Select((g, i) => (Old: g.First().Node, New: -(i + 1))).ToDictionary(x => x.Old, x => x.New);
        return groups.Select(g =>
        {
            FlowReading first = g.First();
            int? awaited = first.AwaitedFlowNode is int old ? renumbered[old] : null;
            return first with
            {
                Node = renumbered[first.Node],
                AwaitedFlowNode = awaited,
                Awaiting = awaited is int n ? first.Awaiting with { FlowId = FlowNode.IdOf(n) } : first.Awaiting,
                Count = g.Count(),
            };
        }).ToList();
    }

    private static void WalkHeap(ClrHeap heap, Dictionary<ulong, PendingBox> boxes, Dictionary<ulong, ClrObject> semaphoreOfNode, Action<string>? progress)
    {
        ulong total = (ulong)heap.Segments.Sum(s => (long)s.ObjectRange.Length);
        ulong seen = 0;
        ulong nextReport = 1UL << 30;
        var isBox = new Dictionary<ulong, bool>();
        foreach (ClrObject obj in heap.EnumerateObjects())
        {
            seen += obj.Size;
            if (progress is not null && seen >= nextReport)
            {
                progress($"walking the heap for async flows: {seen >> 20} of {total >> 20} MB");
                nextReport += 1UL << 30;
            }
            if (obj.Type is not { } type)
            {
                continue;
            }
            if (!isBox.TryGetValue(type.MethodTable, out bool box))
            {
                isBox[type.MethodTable] = box = PendingBox.IsBoxType(type);
            }
            if (box && PendingBox.Read(obj) is { } pending)
            {
                boxes[obj.Address] = pending;
            }
            else if (type.Name == SemaphoreType)
            {
                // Its async waiters are TaskNodes in m_asyncHead → Next: remember whose they are.
                ClrObject node = obj.ReadObjectField("m_asyncHead");
                for (int i = 0; i < 100_000 && node.IsValid && !node.IsNull; i++, node = node.ReadObjectField("Next"))
                {
                    semaphoreOfNode[node.Address] = obj;
                }
            }
        }
    }

    private static FlowReading ToFlow(int node, List<PendingBox> chain, Dictionary<ulong, int> nodeOfBox,
        Dictionary<ulong, ClrObject> semaphoreOfNode, SourceLineResolver lines, AsyncLockOwnership ownership)
    {
        var frames = chain.Select(b => FrameOf(b, lines)).ToList();
        var held = chain.SelectMany(ownership.HeldBy)
            .Select(s => new ObservedLock(LockKind.SemaphoreSlim, s.Address, SemaphoreType))
            .DistinctBy(l => l.Address)
            .ToList();
        ClrObject? awaited = chain[0].Awaited;
        if (awaited is { } task && semaphoreOfNode.TryGetValue(task.Address, out ClrObject semaphore))
        {
            int? count = semaphore.TryReadField("m_currentCount", out int current) ? current : null;
            var flowAwait = new FlowAwait(FlowAwaitKind.Semaphore, semaphore.Address, SemaphoreType, Count: count);
            return new FlowReading(node, frames, flowAwait, new ObservedLock(LockKind.SemaphoreSlim, semaphore.Address, SemaphoreType), null, held);
        }
        if (awaited is { } other && nodeOfBox.TryGetValue(other.Address, out int otherNode) && otherNode != node)
        {
            return new FlowReading(node, frames, new FlowAwait(FlowAwaitKind.AsyncFlow, FlowId: FlowNode.IdOf(otherNode)), null, otherNode, held);
        }
        return new FlowReading(node, frames, Classify(awaited), null, null, held);
    }

    /// <summary>What a flow's bottom awaits when it is neither an async lock nor another flow.</summary>
    private static FlowAwait Classify(ClrObject? awaited)
    {
        if (awaited is not { } task)
        {
            return new FlowAwait(FlowAwaitKind.Other);
        }
        string type = task.Type?.Name ?? "";
        if (type.Contains("DelayPromise", StringComparison.Ordinal))
        {
            return new FlowAwait(FlowAwaitKind.Timer, task.Address, type);
        }
        if (type.StartsWith("System.Net.", StringComparison.Ordinal) || type.StartsWith("System.IO.", StringComparison.Ordinal))
        {
            return new FlowAwait(FlowAwaitKind.Io, task.Address, type);
        }
        return new FlowAwait(FlowAwaitKind.Task, task.Address, type);
    }

    /// <summary>"Shop.Orders.LoadAsync" at the line of the await it is suspended at.</summary>
    private static Frame FrameOf(PendingBox box, SourceLineResolver lines)
    {
        // The state machine type is "Namespace.Class+<Method>d__N".
        string name = box.StateMachineType.Name ?? "?";
        int plus = name.LastIndexOf('+');
        int open = name.IndexOf('<', plus + 1);
        int close = name.IndexOf('>', open + 1);
        string method = plus > 0 && open > plus && close > open ? $"{name[..plus]}.{name[(open + 1)..close]}" : name;
        var line = box.StateMachineType.Methods.FirstOrDefault(m => m.Name == "MoveNext") is { } moveNext ? lines.ResolveAwait(moveNext, box.State) : null;
        return new Frame(method, Path.GetFileName(box.StateMachineType.Module?.Name), line?.File, line?.Line) { SourceUrl = line?.Url };
    }
}
