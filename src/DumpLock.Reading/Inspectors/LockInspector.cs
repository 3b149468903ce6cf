using DumpLock.Model;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading.Inspectors;

/// <summary>
/// <c>System.Threading.Lock</c> (.NET 9+; C# <c>lock</c> on a Lock instance). Fields
/// (docs/runtime-internals.md §6, §16): <c>_owningThreadId</c> is the owner's OS thread id on .NET 9
/// and 10 and its managed id on 11 (0 when free), <c>_recursionCount</c> counts re-entries, bit 0 of
/// <c>_state</c> is "locked". A waiting thread has the Lock as a root of its TryEnterSlow frame. An
/// owner need not: Lock.Enter in a method that returned leaves the Lock held with no frame of the
/// owner referring to it. So every Lock on any thread's stack is a candidate, and its owner field
/// decides who holds it. On .NET 11 every monitor is a Lock too: those are MonitorInspector's.
/// </summary>
internal sealed class LockInspector : IInspector
{
    private const string LockType = "System.Threading.Lock";

    private static readonly HashSet<string> s_enterFrames =
    [
        $"{LockType}.TryEnterSlow",
        $"{LockType}.Enter",
        $"{LockType}.EnterAndGetCurrentThreadId",
        $"{LockType}.EnterScope",
    ];

    // A blocked TryEnter has a timeout: TryEnter() without one never blocks.
    private static readonly HashSet<string> s_timedFrames = [$"{LockType}.TryEnter", $"{LockType}.TryEnter_Outlined"];

    public ObservedWait? FindWait(ThreadView thread, RuntimeView runtime)
    {
        int? untimed = FrameNames.FindBlockingFrame(thread, s_enterFrames);
        int? timed = FrameNames.FindBlockingFrame(thread, s_timedFrames);
        if (Math.Max(untimed ?? -1, timed ?? -1) is not (>= 0 and int index)
            || thread.RootsFromFrameInward(index).FirstMatching(o => IsProgramLock(o, runtime)) is not { } lockObject)
        {
            return null;
        }
        return new ObservedWait(index, new ObservedLock(LockKind.Lock, lockObject.Address, LockType),
            null, AnnotationKind.WaitingToLock, lockObject.Address, LockType, Timed: index == timed);
    }

    public IEnumerable<ObservedLock> FindHeld(ThreadView thread, RuntimeView runtime)
    {
        int owner = runtime.Profile.LockOwnerIsManagedId ? thread.Thread.ManagedThreadId : (int)thread.Thread.OSThreadId;
        foreach (ClrObject obj in runtime.RootedObjectsOfType(LockType).Where(o => IsProgramLock(o, runtime)))
        {
            if (obj.TryReadField("_state", out uint state) && (state & 1) != 0 && OwnerOf(obj) == owner)
            {
                int? recursion = obj.TryReadField("_recursionCount", out uint count) ? (int)count + 1 : null;
                yield return new ObservedLock(LockKind.Lock, obj.Address, LockType, recursion, thread.InnermostFrameRooting(obj.Address));
            }
        }
    }

    // The field is uint on .NET 9 and 10 and int on 11; both read as the same 32 bits.
    private static int? OwnerOf(ClrObject lockObject) =>
        lockObject.TryReadField("_owningThreadId", out int owner) ? owner : null;

    private static bool IsProgramLock(ClrObject obj, RuntimeView runtime) =>
        obj.Type?.Name == LockType && runtime.Monitors.ObjectOfLock(obj.Address) is null;
}
