using DumpLock.Model;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading.Inspectors;

/// <summary>
/// C# <c>lock</c> and <c>Monitor.Enter</c>. Owners come from the monitor table (every contended
/// monitor is inflated before a thread blocks on it) and, for uncontended monitors, from the thin
/// lock in the header of objects on the thread's stack. The object a thread waits for is a stack
/// root of its blocking frame; on .NET 11 that root is the monitor's internal Lock, which the
/// monitor table maps back to the program's object. Blocking frames come from the runtime profile.
/// </summary>
internal sealed class MonitorInspector : IInspector
{
    public ObservedWait? FindWait(ThreadView thread, RuntimeView runtime)
    {
        var profile = runtime.Profile;
        int? untimed = FrameNames.FindBlockingFrame(thread, profile.MonitorEnter);
        int? timed = FrameNames.FindBlockingFrame(thread, profile.MonitorTryEnter);
        // The outermost of the two is the call the program made (Monitor.Enter is also the managed
        // caller of the slow path on .NET 10, and TryEnter calls Lock.TryEnter_Outlined on 11).
        if (Math.Max(untimed ?? -1, timed ?? -1) is not (>= 0 and int index)
            || WaitedObject(thread, index, runtime) is not { } obj)
        {
            return null;
        }
        bool isTimed = index == timed;
        var waited = new ObservedLock(LockKind.Monitor, obj.Address, obj.Type?.Name);
        return new ObservedWait(index, waited, null, AnnotationKind.WaitingToLock, obj.Address, obj.Type?.Name, Timed: isTimed);
    }

    public IEnumerable<ObservedLock> FindHeld(ThreadView thread, RuntimeView runtime)
    {
        foreach (var held in runtime.Monitors.Held.Where(m => m.Owner.Address == thread.Thread.Address))
        {
            ClrObject obj = runtime.Heap.GetObject(held.Object);
            yield return new ObservedLock(LockKind.Monitor, held.Object, obj.Type?.Name, held.Entries,
                thread.InnermostFrameRooting(held.Object));
        }
        foreach (ClrObject obj in thread.AllRoots)
        {
            // ClrThinLock.Recursion counts re-entries (0 = held once), unlike the sync block.
            if (!runtime.Monitors.IsInflated(obj.Address) && obj.GetThinLock() is { } thin
                && thin.Thread?.Address == thread.Thread.Address)
            {
                yield return new ObservedLock(LockKind.Monitor, obj.Address, obj.Type?.Name, (int)thin.Recursion + 1,
                    thread.InnermostFrameRooting(obj.Address));
            }
        }
    }

    private static ClrObject? WaitedObject(ThreadView thread, int blockingFrame, RuntimeView runtime)
    {
        foreach (ClrObject root in thread.RootsFromFrameInward(blockingFrame))
        {
            if (runtime.Monitors.ObjectOfLock(root.Address) is ulong owner)
            {
                return runtime.Heap.GetObject(owner);
            }
            if (runtime.Monitors.IsInflated(root.Address))
            {
                return root;
            }
        }
        return null;
    }
}
