using DumpLock.Model;

namespace DumpLock.Reading.Inspectors;

/// <summary>
/// The finalizer thread with no managed frame waits, in the runtime, for objects to finalize: the
/// runtime's own wait, not a hang. (A finalizer that blocks runs managed code, which the other
/// inspectors read.)
/// </summary>
internal sealed class FinalizerInspector : IInspector
{
    public ObservedWait? FindWait(ThreadView thread, RuntimeView runtime) =>
        thread.Thread.IsFinalizer && thread.Frames.Count == 0
            ? new ObservedWait(0, null, new Wait(WaitKind.Other) { Activity = WaitActivity.IdleFinalizer })
            : null;
}
