using DumpLock.Model;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading.Inspectors;

/// <summary>
/// <c>ReaderWriterLockSlim</c>. One lock record per object whose owners are the writer, the
/// upgradeable reader and every reader. A waiter needs all of them gone (a writer waits for
/// every reader; while a writer waits, new readers queue behind it), so each owner gets an edge.
/// Fields, the same on .NET 8, 9 and 10 (runtime-internals.md §7): <c>_writeLockOwnerId</c> and
/// <c>_upgradeLockOwnerId</c> hold *managed* thread ids (−1 when free); readers are only known per
/// thread, from the thread-static list <c>t_rwc</c> of <c>ReaderWriterCount</c> nodes
/// (<c>lockID</c>, <c>readercount</c>, <c>next</c>), matched on the lock's <c>_lockID</c>.
/// </summary>
internal sealed class ReaderWriterLockSlimInspector : IInspector
{
    private const string RwlsType = "System.Threading.ReaderWriterLockSlim";

    private static readonly HashSet<string> s_enterFrames =
    [
        $"{RwlsType}.WaitOnEvent",
        $"{RwlsType}.TryEnterReadLockCore",
        $"{RwlsType}.TryEnterWriteLockCore",
        $"{RwlsType}.TryEnterUpgradeableReadLockCore",
        $"{RwlsType}.TryEnterReadLock",
        $"{RwlsType}.TryEnterWriteLock",
        $"{RwlsType}.TryEnterUpgradeableReadLock",
        $"{RwlsType}.EnterReadLock",
        $"{RwlsType}.EnterWriteLock",
        $"{RwlsType}.EnterUpgradeableReadLock",
    ];

    public ObservedWait? FindWait(ThreadView thread, RuntimeView runtime)
    {
        if (FrameNames.FindBlockingFrame(thread, s_enterFrames) is not int index
            || thread.RootsFromFrameInward(index).FirstMatching(o => o.Type?.Name == RwlsType) is not { } rwls)
        {
            return null;
        }
        string mode = Enumerable.Range(0, index + 1).Select(i => FrameNames.QualifiedName(thread.Frames[i])) switch
        {
            var names when names.Any(n => n.Contains("Upgradeable", StringComparison.Ordinal)) => "upgradeable read lock",
            var names when names.Any(n => n.Contains("WriteLock", StringComparison.Ordinal)) => "write lock",
            _ => "read lock",
        };
        return new ObservedWait(index, new ObservedLock(LockKind.ReaderWriterLockSlim, rwls.Address, RwlsType),
            null, AnnotationKind.WaitingToLock, rwls.Address, RwlsType,
            $"waiting to enter the {mode} of ReaderWriterLockSlim <0x{rwls.Address:x}>");
    }

    public IEnumerable<ObservedLock> FindHeld(ThreadView thread, RuntimeView runtime)
    {
        Dictionary<long, int> readCounts = ReadCounts(thread, runtime);
        foreach (ClrObject rwls in runtime.RootedObjectsOfType(RwlsType))
        {
            int managedId = thread.Thread.ManagedThreadId;
            int? entries = rwls.ReadField<int>("_writeLockOwnerId") == managedId || rwls.ReadField<int>("_upgradeLockOwnerId") == managedId
                ? 1
                : readCounts.GetValueOrDefault(rwls.ReadField<long>("_lockID")) is > 0 and int reads ? reads : null;
            if (entries is not null)
            {
                yield return new ObservedLock(LockKind.ReaderWriterLockSlim, rwls.Address, RwlsType, entries,
                    thread.InnermostFrameRooting(rwls.Address));
            }
        }
    }

    /// <summary>Read-lock entries of this thread per lock id, from its <c>t_rwc</c> list.</summary>
    private static Dictionary<long, int> ReadCounts(ThreadView thread, RuntimeView runtime)
    {
        var counts = new Dictionary<long, int>();
        if (runtime.RootedObjectsOfType(RwlsType) is not [var any, ..]
            || any.Type?.ThreadStaticFields.FirstOrDefault(f => f.Name == "t_rwc") is not { } field)
        {
            return counts;
        }
        // Nodes are reused when a thread leaves a lock: only a non-zero count means "holds". The
        // list is short; the bound only guards against a damaged dump looping it.
        ClrObject node = field.ReadObject(thread.Thread);
        for (int i = 0; i < 1024 && node.IsValid && !node.IsNull; i++, node = node.ReadObjectField("next"))
        {
            if (node.ReadField<int>("readercount") > 0)
            {
                counts[node.ReadField<long>("lockID")] = node.ReadField<int>("readercount");
            }
        }
        return counts;
    }
}
