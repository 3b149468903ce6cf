using DumpLock.Model;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading.Inspectors;

/// <summary>
/// Waits on kernel-style handles: <c>Mutex</c>, <c>AutoResetEvent</c>, <c>ManualResetEvent</c>,
/// <c>EventWaitHandle</c>, <c>Semaphore</c>. The owner of a Mutex lives in the runtime's native
/// handle table, out of reach in a dump, so a Mutex is a lock with no recorded owner. The
/// WaitHandle object is <c>this</c> of the public WaitOne frame or a root of its caller.
/// </summary>
internal sealed class WaitHandleInspector : IInspector
{
    private const string WaitHandleType = "System.Threading.WaitHandle";

    private static readonly HashSet<string> s_waitFrames =
    [
        $"{WaitHandleType}.WaitOne",
        $"{WaitHandleType}.WaitOneNoCheck",   // .NET 9, 10
        $"{WaitHandleType}.WaitOneCore",      // .NET 8, 9
        $"{WaitHandleType}.WaitAny",
        $"{WaitHandleType}.WaitAll",
        $"{WaitHandleType}.WaitMultiple",
    ];

    public ObservedWait? FindWait(ThreadView thread, RuntimeView runtime)
    {
        if (FrameNames.FindBlockingFrame(thread, s_waitFrames) is not int index)
        {
            return null;
        }
        if (thread.RootsFromCallerInward(index).FirstMatching(IsWaitHandle) is not { } handle)
        {
            return new ObservedWait(index, null, new Wait(WaitKind.Event));
        }
        string type = handle.Type!.Name!;
        if (type == "System.Threading.Mutex")
        {
            return new ObservedWait(index, new ObservedLock(LockKind.Mutex, handle.Address, type), null,
                AnnotationKind.WaitingToLock, handle.Address, type);
        }
        return new ObservedWait(index, null, new Wait(WaitKind.Event, ObjectAddress: handle.Address, ObjectType: type));
    }

    private static bool IsWaitHandle(ClrObject obj)
    {
        for (ClrType? type = obj.Type; type is not null; type = type.BaseType)
        {
            if (type.Name == WaitHandleType)
            {
                return obj.Type!.Name != "Microsoft.Win32.SafeHandles.SafeWaitHandle";
            }
        }
        return false;
    }

}
