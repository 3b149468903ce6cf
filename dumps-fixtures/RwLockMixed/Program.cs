// RwLockMixed: ReaderWriterLockSlim in a cycle with a monitor, and a read-lock chain without one.
// Cycle: thread "writer" holds the write lock of the ReaderWriterLockSlim `ledger` and then locks
// `gate` (a Gate, with the C# `lock` statement); thread "gatekeeper" locks `gate` and then asks for
// the read lock of `ledger`. A barrier makes sure that both hold their first lock before either
// one tries its second.
// Chain: `catalog` is a second ReaderWriterLockSlim, created with LockRecursionPolicy.SupportsRecursion.
// Thread "reader-1" takes its read lock twice and thread "reader-2" once; both then sleep forever
// while holding it. Thread "catalog-writer" then asks for its write lock.
// At READY: writer holds ledger's write lock and is blocked in Monitor.Enter on gate; gatekeeper
// holds gate once and is blocked in ledger.EnterReadLock(). This is a cycle of two: writer → gate
// (Monitor) → gatekeeper → ledger (write lock) → writer. reader-1 (read count 2) and reader-2 (read
// count 1) hold catalog's read lock and are in Thread.Sleep; catalog-writer is blocked in
// catalog.EnterWriteLock(). This is a chain without a cycle. The main thread sleeps.
using System.Runtime.CompilerServices;
using Scenarios;

namespace RwLockMixed;

public sealed class Gate
{
    public string Name { get; } = "the gate";

    public override string ToString() => Name;
}

public sealed class Cycle(ReaderWriterLockSlim ledger, Gate gate)
{
    private readonly Barrier _bothHoldTheirFirst = new(2);
    private int _tryingSecond;

    public ReaderWriterLockSlim Ledger => ledger;

    /// <summary>How many of the two threads are past the barrier. Such a thread has no wait left except its second lock.</summary>
    public int TryingSecond => Volatile.Read(ref _tryingSecond);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Write()
    {
        ledger.EnterWriteLock();
        try
        {
            _bothHoldTheirFirst.SignalAndWait();
            Interlocked.Increment(ref _tryingSecond);
            LockGate();
        }
        finally
        {
            ledger.ExitWriteLock();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void LockGate()
    {
        lock (gate)
        {
            Console.WriteLine($"{Thread.CurrentThread.Name} got the ledger and {gate}: no deadlock this time");
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void KeepGate()
    {
        lock (gate)
        {
            _bothHoldTheirFirst.SignalAndWait();
            Interlocked.Increment(ref _tryingSecond);
            ReadLedger();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReadLedger()
    {
        ledger.EnterReadLock();
        try
        {
            Console.WriteLine($"{Thread.CurrentThread.Name} got {gate} and the ledger: no deadlock this time");
        }
        finally
        {
            ledger.ExitReadLock();
        }
    }
}

public sealed class Reader(ReaderWriterLockSlim catalog, int times)
{
    private int _holding;

    public bool IsHolding => Volatile.Read(ref _holding) == 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void ReadForever()
    {
        for (int i = 0; i < times; i++)
        {
            catalog.EnterReadLock();
        }
        try
        {
            // A flag, not an event: after it the reader's only wait is the Sleep.
            Volatile.Write(ref _holding, 1);
            Thread.Sleep(Timeout.Infinite);
        }
        finally
        {
            for (int i = 0; i < times; i++)
            {
                catalog.ExitReadLock();
            }
        }
    }
}

public sealed class CatalogWriter(ReaderWriterLockSlim catalog)
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Write()
    {
        catalog.EnterWriteLock();
        try
        {
            Console.WriteLine($"{Thread.CurrentThread.Name} got the catalog: no hang this time");
        }
        finally
        {
            catalog.ExitWriteLock();
        }
    }
}

public static class Program
{
    public static void Main()
    {
        // The cycle.
        var ledger = new ReaderWriterLockSlim();
        var cycle = new Cycle(ledger, new Gate());
        var writer = new Thread(cycle.Write) { Name = "writer" };
        var gatekeeper = new Thread(cycle.KeepGate) { Name = "gatekeeper" };
        writer.Start();
        gatekeeper.Start();

        // The chain: the readers first, since a waiting writer keeps new readers out.
        var catalog = new ReaderWriterLockSlim(LockRecursionPolicy.SupportsRecursion);
        var reader1 = new Reader(catalog, times: 2);
        var reader2 = new Reader(catalog, times: 1);
        var reader1Thread = new Thread(reader1.ReadForever) { Name = "reader-1" };
        var reader2Thread = new Thread(reader2.ReadForever) { Name = "reader-2" };
        reader1Thread.Start();
        reader2Thread.Start();
        Ready.WaitFor(() => reader1.IsHolding && reader2.IsHolding, "both readers to hold the catalog");
        Ready.WaitUntilBlocked(reader1Thread, reader2Thread);
        var catalogWriter = new Thread(new CatalogWriter(catalog).Write) { Name = "catalog-writer" };
        catalogWriter.Start();

        // ReaderWriterLockSlim counts a waiter just before its wait, after all of its spinning
        // (which can call Thread.Sleep(0), so WaitSleepJoin alone proves nothing). Once counted,
        // the thread's only wait is the one on the lock's event.
        Ready.WaitFor(() => catalog.WaitingWriteCount == 1, "catalog-writer to wait for the write lock");
        Ready.WaitUntilBlocked(catalogWriter);
        Ready.WaitFor(() => ledger.WaitingReadCount == 1, "gatekeeper to wait for the read lock");
        Ready.WaitUntilBlocked(gatekeeper);
        // The contention count cannot prove that the writer is blocked on the gate: the barrier's
        // own monitor can be contended too. Past the barrier the writer has no wait left except the
        // gate, and Monitor.Enter does not sleep while it spins.
        Ready.WaitFor(() => cycle.TryingSecond == 2, "writer and gatekeeper to pass the barrier");
        Ready.WaitUntilBlocked(writer);
        Ready.Announce();
        Thread.Sleep(Timeout.Infinite);
    }
}
