using DumpLock.Model;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading.Inspectors;

/// <summary>
/// <c>Monitor.Wait</c>: the thread released the monitor and waits for a pulse. It is not waiting
/// to acquire a lock, so it ends a blocking chain; it keeps holding its other monitors.
/// </summary>
internal sealed class MonitorWaitInspector : IInspector
{
    // .NET 8: the FCALL ObjWait under Monitor.Wait. .NET 9/10: Monitor.Wait calls a P/Invoke stub
    // "<Wait>g____PInvoke|N_0"; in optimized callers Monitor.Wait is inlined and only the stub is left.
    private static readonly HashSet<string> s_waitFrames =
    [
        "System.Threading.Monitor.Wait",
        "System.Threading.Monitor.ObjWait",
    ];

    public ObservedWait? FindWait(ThreadView thread, RuntimeView runtime)
    {
        int? frame = FrameNames.FindBlockingFrame(thread, s_waitFrames) ?? FindWaitStub(thread);
        if (frame is not int index)
        {
            return null;
        }
        ClrObject? obj = MonitorObject(thread, index);
        var wait = new Wait(WaitKind.Other, ObjectAddress: obj?.Address, ObjectType: obj?.Type?.Name,
            Description: obj is { } o
                ? $"waiting on <0x{o.Address:x}> (a {o.Type?.Name}) for Monitor.Pulse"
                : "waiting for Monitor.Pulse");
        return new ObservedWait(index, null, wait, obj is null ? null : AnnotationKind.WaitingOn, obj?.Address, obj?.Type?.Name);
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

    /// <summary>The waited-on object is a root of the Wait frame, or of its caller when Wait was inlined.</summary>
    private static ClrObject? MonitorObject(ThreadView thread, int frame)
    {
        for (int i = frame; i < thread.Frames.Count && i <= thread.RuntimePrefixLength; i++)
        {
            foreach (ClrObject obj in thread.RootsOf(i))
            {
                if (obj.SyncBlock is not null)
                {
                    return obj;
                }
            }
        }
        return null;
    }
}
