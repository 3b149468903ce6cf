using DumpLock.Model;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading.Inspectors;

/// <summary>
/// <c>Thread.Join</c>. Up to .NET 10 the joined Thread object is a stack root of the Join frame; on
/// .NET 11 only the SafeWaitHandle of its join event is (<c>Thread._joinEvent._waitHandle</c>).
/// <c>Join()</c> waits forever; <c>Join(timeout)</c> ends by itself.
/// </summary>
internal sealed class ThreadJoinInspector : IInspector
{
    public ObservedWait? FindWait(ThreadView thread, RuntimeView runtime)
    {
        if (FrameNames.FindBlockingFrame(thread, runtime.Profile.Join) is not int index)
        {
            return null;
        }
        IEnumerable<ClrObject> roots = thread.RootsFromFrameInward(index);
        ClrThread? joined = runtime.Profile.JoinRootsTheJoinEvent
            ? roots.Select(h => runtime.Threads.ThreadWithJoinHandle(h.Address)).OfType<ulong>().Select(runtime.ThreadAt).FirstOrDefault(t => t is not null)
            : roots.Where(o => o.Type?.Name == "System.Threading.Thread")
                .Select(o => runtime.ThreadAt(ThreadDirectory.NativeThreadOf(o)))
                .FirstOrDefault(t => t is not null && t.Address != thread.Thread.Address);
        var wait = Wait.ForThread((int?)joined?.OSThreadId, IsTimed(thread, index, runtime));
        return new ObservedWait(index, null, wait);
    }

    // The public Join() frame sits above Join(Int32) (.NET 8–10) or JoinInternal (11). Without it
    // the program called a Join overload with a timeout, or optimized code inlined Join(): unknown
    // up to .NET 10. On 11 JoinInternal waits on the join event with the timeout it was given, and
    // the wait subsystem shows whether there is one.
    private static bool? IsTimed(ThreadView thread, int index, RuntimeView runtime) =>
        Enumerable.Range(0, index + 1).Any(i => thread.Frames[i].Method?.Signature == "System.Threading.Thread.Join()") ? false
        : runtime.Profile.WaitHandlesAreManaged ? runtime.WaitTimeouts.IsTimed(thread)
        : null;
}
