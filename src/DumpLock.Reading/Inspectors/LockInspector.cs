using DumpLock.Model;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading.Inspectors;

/// <summary>
/// <c>System.Threading.Lock</c> (.NET 9+; C# <c>lock</c> on a Lock instance). Field layout, the
/// same on .NET 9 and 10 (runtime-internals.md §6): <c>_owningThreadId</c> is the owner's OS thread
/// id (0 when free), <c>_recursionCount</c> counts re-entries, bit 0 of <c>_state</c> is "locked".
/// A waiting thread has the Lock as a root of its TryEnterSlow frame; an owner, on its own frames.
/// </summary>
internal sealed class LockInspector : IInspector
{
    private const string LockType = "System.Threading.Lock";

    private static readonly HashSet<string> s_enterFrames =
    [
        "System.Threading.Lock.TryEnterSlow",
        "System.Threading.Lock.Enter",
        "System.Threading.Lock.EnterAndGetCurrentThreadId",
        "System.Threading.Lock.EnterScope",
        "System.Threading.Lock.TryEnter_Outlined",
    ];

    public ObservedWait? FindWait(ThreadView thread, RuntimeView runtime)
    {
        if (FrameNames.FindBlockingFrame(thread, s_enterFrames) is not int index
            || thread.RootsFromFrameInward(index).FirstMatching(o => o.Type?.Name == LockType) is not { } lockObject)
        {
            return null;
        }
        return new ObservedWait(index, new ObservedLock(LockKind.Lock, lockObject.Address, LockType),
            null, AnnotationKind.WaitingToLock, lockObject.Address, LockType);
    }

    public IEnumerable<ObservedLock> FindHeld(ThreadView thread, RuntimeView runtime)
    {
        foreach (ClrObject obj in thread.AllRoots.Where(o => o.Type?.Name == LockType))
        {
            if (obj.TryReadField("_state", out uint state) && (state & 1) != 0
                && obj.TryReadField("_owningThreadId", out uint owner) && owner == thread.Thread.OSThreadId)
            {
                int? recursion = obj.TryReadField("_recursionCount", out uint count) ? (int)count + 1 : null;
                yield return new ObservedLock(LockKind.Lock, obj.Address, LockType, recursion, thread.InnermostFrameRooting(obj.Address));
            }
        }
    }
}
