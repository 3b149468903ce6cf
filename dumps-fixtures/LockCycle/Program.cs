// LockCycle: the two-lock deadlock with System.Threading.Lock (.NET 9+) instead of monitors.
// Each Account guards itself with a Lock. Thread "lock-1" locks account A twice (recursively) and
// then B, thread "lock-2" locks B then A, all with the C# `lock` statement, which calls
// Lock.EnterScope. A barrier makes sure that both threads hold their first Lock before either one
// tries its second.
// At READY: lock-1 holds A's Lock with two entries (recursion count 1 in the Lock) and is blocked
// waiting for B's Lock; lock-2 holds B's Lock once and is blocked waiting for A's Lock. This is one
// cycle of two through two System.Threading.Lock objects. The main thread sleeps.
using System.Runtime.CompilerServices;
using Scenarios;

namespace LockCycle;

public sealed class Account(string name)
{
    /// <summary>Guards this account. A System.Threading.Lock, not a monitor on the account.</summary>
    public readonly Lock Sync = new();

    public string Name { get; } = name;

    public override string ToString() => Name;
}

public sealed class Worker(Account first, Account second, Barrier bothHoldTheirFirst)
{
    private static int s_tryingSecond;

    /// <summary>How many workers are past the barrier. Such a worker has no wait left except its second Lock.</summary>
    public static int TryingSecond => Volatile.Read(ref s_tryingSecond);

    /// <summary>Locks the first account twice, then the second one.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void RunRecursive()
    {
        lock (first.Sync)
        {
            lock (first.Sync)
            {
                bothHoldTheirFirst.SignalAndWait();
                Interlocked.Increment(ref s_tryingSecond);
                LockSecond();
            }
        }
    }

    /// <summary>Locks the first account once, then the second one.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Run()
    {
        lock (first.Sync)
        {
            bothHoldTheirFirst.SignalAndWait();
            Interlocked.Increment(ref s_tryingSecond);
            LockSecond();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void LockSecond()
    {
        lock (second.Sync)
        {
            Console.WriteLine($"{Thread.CurrentThread.Name} got {first} and {second}: no deadlock this time");
        }
    }
}

public static class Program
{
    public static void Main()
    {
        var a = new Account("A");
        var b = new Account("B");
        var bothHoldTheirFirst = new Barrier(2);
        var lock1 = new Thread(new Worker(a, b, bothHoldTheirFirst).RunRecursive) { Name = "lock-1" };
        var lock2 = new Thread(new Worker(b, a, bothHoldTheirFirst).Run) { Name = "lock-2" };
        lock1.Start();
        lock2.Start();

        // The contention count cannot prove this state: the barrier's own monitor can be contended
        // too. Past the barrier a worker has no wait left except its second Lock, and Lock spins
        // with Thread.SpinWait only (never Thread.Sleep(0)), so WaitSleepJoin is the wait itself.
        Ready.WaitFor(() => Worker.TryingSecond == 2, "both workers to pass the barrier");
        Ready.WaitUntilBlocked(lock1, lock2);
        Ready.Announce();
        Thread.Sleep(Timeout.Infinite);
    }
}
