using DumpLock.Model;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading.Inspectors;

/// <summary>
/// Waits on kernel-style handles: <c>Mutex</c>, <c>AutoResetEvent</c>, <c>ManualResetEvent</c>,
/// <c>EventWaitHandle</c>, <c>Semaphore</c>. The WaitHandle object is <c>this</c> of the public
/// WaitOne frame or a root of its caller. Up to .NET 10 the owner of a Mutex lives in the runtime's
/// native handle table, out of reach in a dump: a Mutex is a lock with no recorded owner. On .NET 11
/// the managed WaitSubsystem records it (runtime-internals.md §16): <c>Mutex._waitHandle.handle</c> is
/// a GC handle to a <c>WaitableObject</c>, whose <c>_ownershipInfo._thread</c> is the owner's Thread.
/// As for a Lock, every Mutex on any thread's stack is a candidate (its waiters root it).
/// </summary>
internal sealed class WaitHandleInspector : IInspector
{
    private const string WaitHandleType = "System.Threading.WaitHandle";
    private const string MutexType = "System.Threading.Mutex";

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
        if (type == MutexType)
        {
            // Up to .NET 10 the timeout went to native code, out of reach: unknown.
            bool? timed = runtime.Profile.WaitHandlesAreManaged ? runtime.WaitTimeouts.IsTimed(thread) : null;
            return new ObservedWait(index, new ObservedLock(LockKind.Mutex, handle.Address, type), null,
                AnnotationKind.WaitingToLock, handle.Address, type, Timed: timed);
        }
        return new ObservedWait(index, null, new Wait(WaitKind.Event, ObjectAddress: handle.Address, ObjectType: type));
    }

    public IEnumerable<ObservedLock> FindHeld(ThreadView thread, RuntimeView runtime)
    {
        if (!runtime.Profile.WaitHandlesAreManaged)
        {
            return [];
        }
        return runtime.Once("owned mutexes", OwnedMutexes)
            .Where(m => m.OwnerId == thread.Thread.ManagedThreadId)
            .Select(m => new ObservedLock(LockKind.Mutex, m.Mutex.Address, MutexType, m.Entries, thread.InnermostFrameRooting(m.Mutex.Address)));
    }

    /// <summary>Every Mutex on a thread's stack that has an owner, with the owner's managed id: read once, not per thread.</summary>
    private static List<(ClrObject Mutex, int OwnerId, int? Entries)> OwnedMutexes(RuntimeView runtime)
    {
        var owned = new List<(ClrObject, int, int?)>();
        foreach (ClrObject mutex in runtime.RootedObjectsOfType(MutexType))
        {
            if (OwnershipOf(mutex, runtime) is { } ownership
                && ownership.TryReadObjectField("_thread", out ClrObject owner) && owner.IsValid && !owner.IsNull
                && owner.TryReadField("_managedThreadId", out int ownerId))
            {
                owned.Add((mutex, ownerId, ownership.TryReadField("_reacquireCount", out int reacquired) ? reacquired + 1 : null));
            }
        }
        return owned;
    }

    /// <summary>The ownership record of the WaitableObject behind a Mutex (.NET 11); null when the Mutex is free.</summary>
    private static ClrObject? OwnershipOf(ClrObject mutex, RuntimeView runtime)
    {
        if (!mutex.TryReadObjectField("_waitHandle", out ClrObject safeHandle) || !safeHandle.IsValid || safeHandle.IsNull
            || !safeHandle.TryReadField("handle", out nint gcHandle) || gcHandle == 0
            || !runtime.Runtime.DataTarget.DataReader.ReadPointer((ulong)gcHandle, out ulong address)
            || runtime.Heap.GetSegmentByAddress(address) is null)
        {
            return null;
        }
        ClrObject waitable = runtime.Heap.GetObject(address);
        return waitable.Type?.Name == "System.Threading.WaitSubsystem+WaitableObject"
            && waitable.TryReadObjectField("_ownershipInfo", out ClrObject ownership) && ownership.IsValid && !ownership.IsNull
            ? ownership
            : null;
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
