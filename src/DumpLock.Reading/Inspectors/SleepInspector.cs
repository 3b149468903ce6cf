using DumpLock.Model;

namespace DumpLock.Reading.Inspectors;

/// <summary><c>Thread.Sleep</c>: waits for nobody; a sleeping lock holder is the root of a blocking chain.</summary>
internal sealed class SleepInspector : IInspector
{
    public ObservedWait? FindWait(ThreadView thread, RuntimeView runtime) =>
        FrameNames.FindBlockingFrame(thread, runtime.Profile.Sleep) is int index
            ? new ObservedWait(index, null, new Wait(WaitKind.Other, Timed: true) { Activity = WaitActivity.Sleeping })
            : null;
}
