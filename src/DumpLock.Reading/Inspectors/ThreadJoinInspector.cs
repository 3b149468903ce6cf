using DumpLock.Model;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading.Inspectors;

/// <summary><c>Thread.Join</c>: the joined Thread object is a stack root of the Join frame (all versions).</summary>
internal sealed class ThreadJoinInspector : IInspector
{
    private static readonly HashSet<string> s_joinFrames = ["System.Threading.Thread.Join"];

    public ObservedWait? FindWait(ThreadView thread, RuntimeView runtime)
    {
        if (FrameNames.FindBlockingFrame(thread, s_joinFrames) is not int index)
        {
            return null;
        }
        ClrThread? joined = thread.RootsFromFrameInward(index)
            .Where(o => o.Type?.Name == "System.Threading.Thread")
            .Select(o => runtime.ThreadAt(ThreadDirectory.NativeThreadOf(o)))
            .FirstOrDefault(t => t is not null && t.Address != thread.Thread.Address);
        var wait = Wait.ForThread((int?)joined?.OSThreadId, "waiting for a thread to finish (Thread.Join)");
        return new ObservedWait(index, null, wait);
    }
}
