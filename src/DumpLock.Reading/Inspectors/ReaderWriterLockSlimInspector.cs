using DumpLock.Model;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading.Inspectors;

/// <summary>
/// <c>ReaderWriterLockSlim</c>. One lock record per object whose owners are the writer, the
/// upgradeable reader and every reader, each with its mode; a waiter records the mode it asks for,
/// and the wait-for graph keeps only the owners that conflict with it.
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
        List<string> names = Enumerable.Range(0, index + 1).Select(thread.NameOf).ToList();
        LockMode mode = names.Contains($"{RwlsType}.TryEnterUpgradeableReadLockCore") ? LockMode.UpgradeableRead
            : names.Contains($"{RwlsType}.TryEnterWriteLockCore") ? LockMode.Write
            : LockMode.Read;
        // EnterReadLock() calls TryEnterReadLock(-1): with the public Enter frame on the stack the
        // wait is forever; without it the program passed a timeout, or inlining hid the frame.
        bool? timed = names[index] is $"{RwlsType}.EnterReadLock" or $"{RwlsType}.EnterWriteLock" or $"{RwlsType}.EnterUpgradeableReadLock"
            ? false : null;
        return new ObservedWait(index, new ObservedLock(LockKind.ReaderWriterLockSlim, rwls.Address, RwlsType),
            null, AnnotationKind.WaitingToLock, rwls.Address, RwlsType, Timed: timed, Mode: mode);
    }

    public IEnumerable<ObservedLock> FindHeld(ThreadView thread, RuntimeView runtime)
    {
        Dictionary<long, int> readCounts = ReadCounts(thread, runtime);
        int managedId = thread.Thread.ManagedThreadId;
        foreach (ClrObject rwls in runtime.RootedObjectsOfType(RwlsType))
        {
            (LockMode Mode, int Entries)? held =
                rwls.ReadField<int>("_writeLockOwnerId") == managedId ? (LockMode.Write, 1)
                : rwls.ReadField<int>("_upgradeLockOwnerId") == managedId ? (LockMode.UpgradeableRead, 1)
                : readCounts.GetValueOrDefault(rwls.ReadField<long>("_lockID")) is > 0 and int reads ? (LockMode.Read, reads)
                : null;
            if (held is var (mode, entries))
            {
                yield return new ObservedLock(LockKind.ReaderWriterLockSlim, rwls.Address, RwlsType, entries,
                    thread.InnermostFrameRooting(rwls.Address), mode);
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
