using DumpLock.Model;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading.Inspectors;

/// <summary>
/// <c>SemaphoreSlim.Wait</c>. A semaphore has no owner — any thread may release it — so its
/// waiters get no edge and end a blocking chain. The semaphore is a root of WaitUntilCountOrTimeout
/// (all versions); <c>m_currentCount</c> is its count.
/// </summary>
internal sealed class SemaphoreSlimInspector : IInspector
{
    private const string SemaphoreType = "System.Threading.SemaphoreSlim";

    private static readonly HashSet<string> s_waitFrames =
    [
        $"{SemaphoreType}.Wait",
        $"{SemaphoreType}.WaitCore",
        $"{SemaphoreType}.WaitUntilCountOrTimeout",
    ];

    public ObservedWait? FindWait(ThreadView thread, RuntimeView runtime)
    {
        if (FrameNames.FindBlockingFrame(thread, s_waitFrames) is not int index)
        {
            return null;
        }
        if (thread.RootsFromFrameInward(index).FirstMatching(o => o.Type?.Name == SemaphoreType) is not { } semaphore)
        {
            // With async waiters queued, a synchronous Wait blocks on a task node and the semaphore
            // itself may be off the stack (runtime-internals.md §8).
            return new ObservedWait(index, null, new Wait(WaitKind.Other, ObjectType: SemaphoreType));
        }
        return new ObservedWait(index, new ObservedLock(LockKind.SemaphoreSlim, semaphore.Address, SemaphoreType),
            null, AnnotationKind.WaitingToLock, semaphore.Address, SemaphoreType,
            Count: semaphore.TryReadField("m_currentCount", out int current) ? current : null);
    }
}
