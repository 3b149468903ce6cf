// MutexCycle: a monitor and a Mutex taken in opposite order. Thread "monitor-first" locks the
// ledger (C# `lock`), then waits for the mutex; "mutex-first" owns the mutex (WaitOne), then locks
// the ledger. A barrier makes sure that both hold their first lock before either tries its second.
// At READY: monitor-first holds the ledger's monitor and is blocked in Mutex.WaitOne; mutex-first
// owns the mutex and is blocked on the ledger's monitor: a deadlock. Up to .NET 10 a dump does not
// record who owns a Mutex, so it cannot be proven from the dump: the honest verdict is inconclusive,
// not "no hang". .NET 11 records the owner, and the verdict is the deadlock. The main thread sleeps.
//
// "MutexCycle timed" (negative control): monitor-first waits for the mutex with a 20 s timeout, so
// the cycle ends by itself. On "release" (after the dump) nothing is released: the WaitOne times
// out, monitor-first leaves the ledger, mutex-first takes it, both finish, and the program prints DONE.
using System.Runtime.CompilerServices;
using Scenarios;

namespace MutexCycle;

public sealed class Ledger;

public static class Workers
{
    // Long enough for the dump to be taken while both wait, short enough for the test to see them go on.
    private const int TimeoutMs = 20_000;

    private static int s_tryingSecond;

    /// <summary>How many workers are past the barrier. Such a worker has no wait left except its second lock.</summary>
    public static int TryingSecond => Volatile.Read(ref s_tryingSecond);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void MonitorFirst(Ledger ledger, Mutex mutex, Barrier bothHoldTheirFirst, bool timed)
    {
        lock (ledger)
        {
            bothHoldTheirFirst.SignalAndWait();
            Interlocked.Increment(ref s_tryingSecond);
            if (timed ? mutex.WaitOne(TimeoutMs) : mutex.WaitOne())
            {
                Console.WriteLine("monitor-first got both: no deadlock this time");
                mutex.ReleaseMutex();
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void MutexFirst(Ledger ledger, Mutex mutex, Barrier bothHoldTheirFirst)
    {
        mutex.WaitOne();
        try
        {
            bothHoldTheirFirst.SignalAndWait();
            Interlocked.Increment(ref s_tryingSecond);
            lock (ledger)
            {
                Console.WriteLine("mutex-first got both");
            }
        }
        finally
        {
            mutex.ReleaseMutex();
        }
    }
}

public static class Program
{
    public static void Main(string[] args)
    {
        bool timed = args is ["timed"];
        var ledger = new Ledger();
        var mutex = new Mutex();
        var bothHoldTheirFirst = new Barrier(2);
        var monitorFirst = new Thread(() => Workers.MonitorFirst(ledger, mutex, bothHoldTheirFirst, timed)) { Name = "monitor-first" };
        var mutexFirst = new Thread(() => Workers.MutexFirst(ledger, mutex, bothHoldTheirFirst)) { Name = "mutex-first" };
        monitorFirst.Start();
        mutexFirst.Start();

        // Past the barrier a worker's only wait is its second lock. Mutex.WaitOne does not spin and
        // Monitor.Enter does not sleep while it spins, so WaitSleepJoin is that wait (see NoOwnerWaits).
        Ready.WaitFor(() => Workers.TryingSecond == 2, "both workers to pass the barrier");
        Ready.WaitUntilBlocked(monitorFirst, mutexFirst);
        Ready.Announce();
        if (!timed)
        {
            Thread.Sleep(Timeout.Infinite);
        }
        Ready.WaitForRelease();
        Ready.DoneWhenFinished(monitorFirst, mutexFirst);
    }
}
