using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading;

/// <summary>
/// The managed <c>System.Threading.Thread</c> object of each thread, found through the GC handles
/// that keep every started Thread alive (a strong and a weak-short handle each; ClrMD 4.1 has no
/// ClrThread.Name). Matched to ClrThread by <c>_DONT_USE_InternalThread</c>, the native Thread*.
/// </summary>
internal sealed class ThreadDirectory
{
    private readonly Dictionary<ulong, ClrObject> _threadObjects = [];
    private readonly Dictionary<ulong, ulong> _threadsByJoinHandle = [];

    public ThreadDirectory(ClrRuntime runtime)
    {
        foreach (ClrHandle handle in runtime.EnumerateHandles())
        {
            ClrObject obj = handle.Object;
            if (obj.IsValid && obj.Type?.Name == "System.Threading.Thread"
                && obj.TryReadField("_DONT_USE_InternalThread", out nint native) && native != 0)
            {
                _threadObjects.TryAdd((ulong)native, obj);
                // .NET 11: a joiner waits on the thread's join event, a ManualResetEvent.
                if (obj.TryReadObjectField("_joinEvent", out ClrObject joinEvent) && joinEvent.IsValid && !joinEvent.IsNull
                    && joinEvent.TryReadObjectField("_waitHandle", out ClrObject waitHandle) && waitHandle.IsValid && !waitHandle.IsNull)
                {
                    _threadsByJoinHandle.TryAdd(waitHandle.Address, (ulong)native);
                }
            }
        }
    }

    public string? NameOf(ClrThread thread) =>
        _threadObjects.TryGetValue(thread.Address, out ClrObject obj) && obj.TryReadStringField("_name", null, out string? name)
            ? name
            : null;

    /// <summary>The native thread whose join event has this SafeWaitHandle (.NET 11), or null.</summary>
    public ulong? ThreadWithJoinHandle(ulong safeWaitHandle) =>
        _threadsByJoinHandle.TryGetValue(safeWaitHandle, out ulong native) ? native : null;

    /// <summary>The type name of the thread's SynchronizationContext, or null when it has none.</summary>
    public string? SynchronizationContextOf(ClrThread thread) =>
        _threadObjects.TryGetValue(thread.Address, out ClrObject obj)
            && obj.TryReadObjectField("_synchronizationContext", out ClrObject context) && context.IsValid && !context.IsNull
            ? context.Type?.Name
            : null;

    /// <summary>The native thread a managed Thread object (say, the one being joined) stands for.</summary>
    public static ulong NativeThreadOf(ClrObject threadObject) =>
        threadObject.TryReadField("_DONT_USE_InternalThread", out nint native) ? (ulong)native : 0;
}
