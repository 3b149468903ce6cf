// RwNotDeadlocked (negative control): two ReaderWriterLockSlim states that a naive reader takes for
// deadlocks, though every thread goes on once what it truly waits for is released.
// Upgrade beside readers: "upgrader" holds the upgradeable read lock of `journal` and asks to
// upgrade to write while "reader-1" and "reader-2" hold its read lock and wait at `gate`. The
// upgrader waits for the readers; nobody waits for the upgrader.
// Upgradeable read beside readers: "upgradeable-holder" holds the upgradeable read lock of
// `index` and waits at `gate`. "upgradeable-waiter" locks `shelf` (a Monitor) and asks for the
// upgradeable read lock of `index`: it waits for the upgradeable holder only. "shelf-reader" holds
// the read lock of `index` and waits to lock `shelf`: it waits for upgradeable-waiter. A reader
// that made every owner block every waiter would see upgradeable-waiter ↔ shelf-reader.
// At READY: all of the above. On "release" (after the dump), `gate` is set: the readers leave,
// the upgrader writes; the upgradeable holder leaves, the waiter enters and releases `shelf`, the
// shelf reader locks it; every thread finishes, and the program prints DONE.
using System.Reflection;
using System.Runtime.CompilerServices;
using Scenarios;

namespace RwNotDeadlocked;

public sealed class Shelf
{
    public int Books { get; set; }
}

public static class Program
{
    private static readonly ManualResetEventSlim s_gate = new(false);
    private static readonly ReaderWriterLockSlim s_journal = new();
    private static readonly ReaderWriterLockSlim s_index = new();
    private static readonly Shelf s_shelf = new();
    private static readonly CountdownEvent s_atGate = new(3);
    private static int s_reading;

    public static void Main()
    {
        Thread[] holders = [Start("reader-1", ReadJournal), Start("reader-2", ReadJournal), Start("upgradeable-holder", HoldIndexUpgradeable)];
        // Past the countdown a holder's only wait left is the gate.
        Ready.WaitFor(() => s_atGate.CurrentCount == 0, "the three holders to hold their locks");
        Ready.WaitUntilBlocked(holders);

        Thread upgradeableWaiter = Start("upgradeable-waiter", LockShelfThenIndex);
        Ready.WaitFor(() => s_index.WaitingUpgradeCount == 1, "upgradeable-waiter to queue for the index");

        long baseline = Ready.ContentionBaseline();
        Thread shelfReader = Start("shelf-reader", ReadIndexThenShelf);
        Ready.WaitFor(() => Volatile.Read(ref s_reading) == 1, "shelf-reader to read the index");
        Ready.WaitForContentions(baseline, 1);
        Ready.WaitUntilBlocked(shelfReader);

        Thread upgrader = Start("upgrader", UpgradeJournal);
        Ready.WaitFor(() => UpgradeWaiters(s_journal) == 1, "the upgrader to wait for write");
        Ready.Announce();

        Ready.WaitForRelease();
        s_gate.Set();
        Ready.DoneWhenFinished([.. holders, upgradeableWaiter, shelfReader, upgrader]);
    }

    private static Thread Start(string name, ThreadStart body)
    {
        var thread = new Thread(body) { Name = name, IsBackground = true };
        thread.Start();
        return thread;
    }

    // Set just before the upgrader sleeps on its event, after any spinning; not public.
    private static uint UpgradeWaiters(ReaderWriterLockSlim rwls) =>
        (uint)typeof(ReaderWriterLockSlim).GetField("_numWriteUpgradeWaiters", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(rwls)!;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ReadJournal()
    {
        s_journal.EnterReadLock();
        try
        {
            s_atGate.Signal();
            s_gate.Wait();
        }
        finally
        {
            s_journal.ExitReadLock();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UpgradeJournal()
    {
        s_journal.EnterUpgradeableReadLock();
        try
        {
            s_journal.EnterWriteLock();
            s_journal.ExitWriteLock();
        }
        finally
        {
            s_journal.ExitUpgradeableReadLock();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void HoldIndexUpgradeable()
    {
        s_index.EnterUpgradeableReadLock();
        try
        {
            s_atGate.Signal();
            s_gate.Wait();
        }
        finally
        {
            s_index.ExitUpgradeableReadLock();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LockShelfThenIndex()
    {
        lock (s_shelf)
        {
            s_index.EnterUpgradeableReadLock();
            s_index.ExitUpgradeableReadLock();
            s_shelf.Books++;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ReadIndexThenShelf()
    {
        s_index.EnterReadLock();
        try
        {
            Volatile.Write(ref s_reading, 1);
            lock (s_shelf)
            {
                s_shelf.Books++;
            }
        }
        finally
        {
            s_index.ExitReadLock();
        }
    }
}
