using DumpLock.Model;

namespace DumpLock.Analysis;

/// <summary>
/// Which threads a lock waiter really waits for. An exclusive lock (Monitor, Lock, a write lock)
/// waits for every owner. A ReaderWriterLockSlim waiter waits only for the threads whose mode
/// conflicts with the one it asks for, and never for itself:
/// <list type="bullet">
/// <item>write, and an upgrade to write, wait for every other owner;</item>
/// <item>upgradeable read waits for the writer and the upgradeable reader, never for readers;</item>
/// <item>read waits for the writer.</item>
/// </list>
/// While a thread waits to write (or to upgrade), the lock admits no new readers or upgradeable
/// readers, so those also wait for it: it must get the lock and leave before they can enter.
/// </summary>
internal static class LockModes
{
    public static IEnumerable<int> ThreadsBlocking(LockInfo waited, ThreadInfo waiter, Snapshot snapshot)
    {
        LockMode askedFor = waiter.WaitingFor?.Mode ?? LockMode.Write;
        IEnumerable<int> owners = waited.Owners.Where(owner => Conflicts(askedFor, waited.ModeOf(owner)));
        IEnumerable<int> writersFirst = askedFor == LockMode.Write ? [] : waited.Waiters.Where(w => IsWaitingToWrite(w, waited, snapshot));
        return owners.Concat(writersFirst).Where(t => t != waiter.OsThreadId).Distinct();
    }

    private static bool Conflicts(LockMode askedFor, LockMode held) => askedFor switch
    {
        LockMode.Write => true,
        LockMode.UpgradeableRead => held is LockMode.UpgradeableRead or LockMode.Write,
        _ => held == LockMode.Write,
    };

    private static bool IsWaitingToWrite(int thread, LockInfo waited, Snapshot snapshot) =>
        snapshot.FindThread(thread)?.WaitingFor is { Kind: WaitKind.Lock, Mode: LockMode.Write } wait && wait.LockId == waited.Id;
}
