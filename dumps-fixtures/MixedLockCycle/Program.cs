// MixedLockCycle: a cycle through two kinds of lock. The Ledger is guarded by a monitor (C#
// `lock` on the ledger object itself); the Vault by a System.Threading.Lock (.NET 9+). Thread
// "monitor-first" locks the ledger, then the vault; "lock-first" locks the vault, then the ledger.
// A barrier makes sure that both hold their first lock before either tries its second.
// At READY: monitor-first holds the ledger's monitor and is blocked on the vault's Lock;
// lock-first holds the vault's Lock and is blocked on the ledger's monitor. The main thread sleeps.
// With the argument "left-held", lock-first takes the vault's Lock in a method that returns with it
// held (Lock.Enter, no scope), as code that pairs Enter and Exit across methods does: from then on
// no frame of lock-first refers to the Lock (it keeps the Vault, whose field the Lock is), so only
// the Lock's own owner field says who holds it. The same cycle forms.
using System.Runtime.CompilerServices;
using Scenarios;

namespace MixedLockCycle;

public sealed class Ledger;

public sealed class Vault
{
    public readonly Lock Sync = new();
}

public static class Workers
{
    private static int s_tryingSecond;

    /// <summary>How many workers are past the barrier. Such a worker has no wait left except its second lock.</summary>
    public static int TryingSecond => Volatile.Read(ref s_tryingSecond);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void MonitorFirst(Ledger ledger, Vault vault, Barrier bothHoldTheirFirst)
    {
        lock (ledger)
        {
            bothHoldTheirFirst.SignalAndWait();
            Interlocked.Increment(ref s_tryingSecond);
            lock (vault.Sync)
            {
                Console.WriteLine("monitor-first got both: no deadlock this time");
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void LockFirstLeftHeld(Ledger ledger, Vault vault, Barrier bothHoldTheirFirst)
    {
        TakeVault(vault);
        bothHoldTheirFirst.SignalAndWait();
        Interlocked.Increment(ref s_tryingSecond);
        lock (ledger)
        {
            Console.WriteLine("lock-first got both: no deadlock this time");
        }
        vault.Sync.Exit();
    }

    /// <summary>Returns holding the vault's Lock.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void TakeVault(Vault vault) => vault.Sync.Enter();

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void LockFirst(Ledger ledger, Vault vault, Barrier bothHoldTheirFirst)
    {
        lock (vault.Sync)
        {
            bothHoldTheirFirst.SignalAndWait();
            Interlocked.Increment(ref s_tryingSecond);
            lock (ledger)
            {
                Console.WriteLine("lock-first got both: no deadlock this time");
            }
        }
    }
}

public static class Program
{
    public static void Main(string[] args)
    {
        var ledger = new Ledger();
        var vault = new Vault();
        var bothHoldTheirFirst = new Barrier(2);
        bool leftHeld = args is ["left-held"];
        var monitorFirst = new Thread(() => Workers.MonitorFirst(ledger, vault, bothHoldTheirFirst)) { Name = "monitor-first" };
        var lockFirst = new Thread(leftHeld
            ? () => Workers.LockFirstLeftHeld(ledger, vault, bothHoldTheirFirst)
            : () => Workers.LockFirst(ledger, vault, bothHoldTheirFirst)) { Name = "lock-first" };
        monitorFirst.Start();
        lockFirst.Start();

        // Past the barrier a worker's only wait is its second lock; neither Monitor.Enter nor Lock
        // sleeps while spinning, so WaitSleepJoin is that wait (see LockCycle and TwoLocks).
        Ready.WaitFor(() => Workers.TryingSecond == 2, "both workers to pass the barrier");
        Ready.WaitUntilBlocked(monitorFirst, lockFirst);
        Ready.Announce();
        Thread.Sleep(Timeout.Infinite);
    }
}
