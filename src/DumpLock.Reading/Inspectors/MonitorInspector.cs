using DumpLock.Model;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading.Inspectors;

/// <summary>
/// C# <c>lock</c> and <c>Monitor.Enter</c>. Owners come from the sync-block table (every contended
/// monitor is inflated into one before a thread blocks on it) and, for uncontended monitors, from
/// the thin lock in the header of objects on the thread's stack. The object a thread waits for is
/// a stack root of its blocking frame.
/// </summary>
internal sealed class MonitorInspector : IInspector
{
    // Blocking frames per runtime (runtime-internals.md §4): .NET 8 and 9 block in FCALLs that show
    // as runtime frames; .NET 10 moved the slow path to managed code.
    private static readonly HashSet<string> s_enterFrames =
    [
        "System.Threading.Monitor.ReliableEnter",          // .NET 8, 9: lock (o), Enter(o, ref taken)
        "System.Threading.Monitor.ReliableEnterTimeout",   // .NET 8, 9: TryEnter(o, timeout)
        "System.Threading.Monitor.Enter",                  // .NET 8, 9: Enter(o) is itself the FCALL
        "System.Threading.Monitor.Enter_Slowpath",         // .NET 10
        "System.Threading.Monitor.TryEnter_Slowpath",      // .NET 10
    ];

    public ObservedWait? FindWait(ThreadView thread, RuntimeView runtime)
    {
        int? frame = FrameNames.FindBlockingFrame(thread, s_enterFrames);
        // On .NET 10 Monitor.Enter is also the managed caller of Enter_Slowpath: only a blocking
        // frame whose roots hold an inflated monitor is a wait.
        if (frame is not int index || WaitedObject(thread, index, runtime) is not { } obj)
        {
            return null;
        }
        var waited = new ObservedLock(LockKind.Monitor, obj.Address, obj.Type?.Name);
        return new ObservedWait(index, waited, null, AnnotationKind.WaitingToLock, obj.Address, obj.Type?.Name);
    }

    public IEnumerable<ObservedLock> FindHeld(ThreadView thread, RuntimeView runtime)
    {
        foreach (SyncBlock block in runtime.HeldSyncBlocks.Where(b => b.HoldingThreadAddress == thread.Thread.Address))
        {
            ClrObject obj = runtime.Heap.GetObject(block.Object);
            // SyncBlock.RecursionCount is the number of entries (1 = held once).
            yield return new ObservedLock(LockKind.Monitor, block.Object, obj.Type?.Name, block.RecursionCount,
                thread.InnermostFrameRooting(block.Object));
        }
        foreach (ClrObject obj in thread.AllRoots)
        {
            // ClrThinLock.Recursion counts re-entries (0 = held once), unlike the sync block.
            if (runtime.HeldSyncBlockOf(obj.Address) is null && obj.GetThinLock() is { } thin
                && thin.Thread?.Address == thread.Thread.Address)
            {
                yield return new ObservedLock(LockKind.Monitor, obj.Address, obj.Type?.Name, (int)thin.Recursion + 1,
                    thread.InnermostFrameRooting(obj.Address));
            }
        }
    }

    private static ClrObject? WaitedObject(ThreadView thread, int blockingFrame, RuntimeView runtime) =>
        thread.RootsFromFrameInward(blockingFrame)
            .FirstMatching(o => runtime.HeldSyncBlockOf(o.Address) is not null || o.SyncBlock is not null);
}
