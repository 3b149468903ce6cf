using DumpLock.Model;

namespace DumpLock.Reading.Inspectors;

/// <summary>A thread-pool worker with no work parks in its semaphore: idle, not blocked.</summary>
internal sealed class IdleWorkerInspector : IInspector
{
    public static bool IsIdle(ThreadView thread, RuntimeView runtime) =>
        FrameNames.FindBlockingFrame(thread, runtime.Profile.IdleWorkerWait) is not null;

    public ObservedWait? FindWait(ThreadView thread, RuntimeView runtime) =>
        FrameNames.FindBlockingFrame(thread, runtime.Profile.IdleWorkerWait) is int index
            ? new ObservedWait(index, null, new Wait(WaitKind.Other, Timed: true) { Activity = WaitActivity.IdlePoolWorker })
            : null;
}
