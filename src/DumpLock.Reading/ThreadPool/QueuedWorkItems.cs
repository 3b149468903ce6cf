using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading.ThreadPool;

/// <summary>
/// Counts the work items waiting in the thread pool's queues. A ConcurrentQueue is a list of
/// segments (<c>_head</c> → <c>_nextSegment</c>) whose <c>_slots</c> hold <c>Slot { Item, SequenceNumber }</c>;
/// dequeued slots are cleared, so the non-null items are the queued ones (SOS counts the same way).
/// A thread's local queue is a WorkStealingQueue whose <c>m_array</c> holds items between
/// <c>m_headIndex</c> and <c>m_tailIndex</c>. Null when the queue object cannot be read.
/// </summary>
internal static class QueuedWorkItems
{
    // Bounds against a damaged dump: segments hold at most 1M slots, a chain at most 1024 segments.
    private const int MaxSegments = 1024;

    public static int? Count(ClrRuntime runtime, IReadOnlyList<ThreadView> threads)
    {
        ClrType? poolType = runtime.BaseClassLibrary.GetTypeByName("System.Threading.ThreadPool");
        ClrStaticField? field = poolType?.GetStaticFieldByName("s_workQueue");
        ClrAppDomain? domain = runtime.AppDomains.FirstOrDefault();
        if (field is null || domain is null || field.ReadObject(domain) is not { IsValid: true, IsNull: false } queue)
        {
            return null;
        }
        int count = 0;
        foreach (string name in new[] { "workItems", "highPriorityWorkItems", "lowPriorityWorkItems" })
        {
            if (queue.TryReadObjectField(name, out ClrObject items))
            {
                count += InConcurrentQueue(items);
            }
        }
        if (queue.TryReadObjectField("_assignableWorkItemQueues", out ClrObject assignable) && assignable.IsValid && !assignable.IsNull && assignable.IsArray)
        {
            ClrArray array = assignable.AsArray();
            for (int i = 0; i < array.Length; i++)
            {
                count += InConcurrentQueue(array.GetObjectValue(i));
            }
        }
        return count + InLocalQueues(runtime, threads);
    }

    private static int InConcurrentQueue(ClrObject queue)
    {
        if (!queue.IsValid || queue.IsNull || !queue.TryReadObjectField("_head", out ClrObject segment))
        {
            return 0;
        }
        int count = 0;
        for (int i = 0; i < MaxSegments && segment.IsValid && !segment.IsNull; i++)
        {
            if (segment.TryReadObjectField("_slots", out ClrObject slots) && slots.IsValid && !slots.IsNull && slots.IsArray)
            {
                ClrArray array = slots.AsArray();
                for (int s = 0; s < array.Length; s++)
                {
                    if (array.GetStructValue(s).ReadObjectField("Item") is { IsValid: true, IsNull: false })
                    {
                        count++;
                    }
                }
            }
            segment = segment.ReadObjectField("_nextSegment");
        }
        return count;
    }

    private static int InLocalQueues(ClrRuntime runtime, IReadOnlyList<ThreadView> threads)
    {
        ClrThreadStaticField? locals = runtime.BaseClassLibrary
            .GetTypeByName("System.Threading.ThreadPoolWorkQueueThreadLocals")?.ThreadStaticFields.FirstOrDefault(f => f.Name == "threadLocals");
        if (locals is null)
        {
            return 0;
        }
        int count = 0;
        foreach (ThreadView thread in threads)
        {
            if (locals.ReadObject(thread.Thread) is not { IsValid: true, IsNull: false } local
                || !local.TryReadObjectField("workStealingQueue", out ClrObject queue) || !queue.IsValid || queue.IsNull
                || !queue.TryReadObjectField("m_array", out ClrObject items) || !items.IsArray
                || !queue.TryReadField("m_headIndex", out int head) || !queue.TryReadField("m_tailIndex", out int tail))
            {
                continue;
            }
            ClrArray array = items.AsArray();
            // Indices grow without bound and are masked into the array (its length is a power of two).
            for (int i = head; i < tail && i - head < array.Length; i++)
            {
                if (array.GetObjectValue(i & (array.Length - 1)) is { IsValid: true, IsNull: false })
                {
                    count++;
                }
            }
        }
        return count;
    }
}
