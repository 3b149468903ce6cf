using DumpLock.Model;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading.Inspectors;

/// <summary>
/// <c>Monitor.Wait</c>: the thread released the monitor and waits for a pulse. It is not waiting
/// to acquire a lock, so it ends a blocking chain; it keeps holding its other monitors.
/// </summary>
internal sealed class MonitorWaitInspector : IInspector
{
    public ObservedWait? FindWait(ThreadView thread, RuntimeView runtime)
    {
        // .NET 9/10: Monitor.Wait calls a P/Invoke stub "<Wait>g____PInvoke|N_0"; in optimized
        // callers Monitor.Wait is inlined and only the stub is left.
        int? frame = FrameNames.FindBlockingFrame(thread, runtime.Profile.MonitorWait) ?? FindWaitStub(thread);
        if (frame is not int index || MonitorObject(thread, index, runtime) is not { } obj)
        {
            // On .NET 11 MRES, SemaphoreSlim and task waits also block in Condition.Wait; those
            // conditions belong to no monitor, and their own inspectors read them.
            return null;
        }
        var wait = new Wait(WaitKind.Other, ObjectAddress: obj.Address, ObjectType: obj.Type?.Name) { Activity = WaitActivity.AwaitingPulse };
        return new ObservedWait(index, null, wait, AnnotationKind.WaitingOn, obj.Address, obj.Type?.Name);
    }

    private static int? FindWaitStub(ThreadView thread)
    {
        for (int i = 0; i < thread.RuntimePrefixLength; i++)
        {
            ClrStackFrame frame = thread.Frames[i];
            if (frame.Method?.Type?.Name == "System.Threading.Monitor" && frame.Method.Name?.StartsWith("<Wait>", StringComparison.Ordinal) == true)
            {
                return i;
            }
        }
        return null;
    }

    /// <summary>
    /// The waited-on object is a root of the Wait frame, or of its caller when Wait was inlined. On
    /// .NET 11 the root is a System.Threading.Condition whose <c>_lock</c> is the monitor's Lock.
    /// </summary>
    private static ClrObject? MonitorObject(ThreadView thread, int frame, RuntimeView runtime)
    {
        for (int i = frame; i < thread.Frames.Count && i <= thread.RuntimePrefixLength; i++)
        {
            foreach (ClrObject obj in thread.RootsOf(i))
            {
                if (obj.Type?.Name == "System.Threading.Condition" && obj.TryReadObjectField("_lock", out ClrObject conditionLock)
                    && runtime.Monitors.ObjectOfLock(conditionLock.Address) is ulong monitor)
                {
                    return runtime.Heap.GetObject(monitor);
                }
                if (runtime.Monitors.IsInflated(obj.Address))
                {
                    return obj;
                }
            }
        }
        return null;
    }
}
