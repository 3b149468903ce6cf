// TwoLocks: the classic two-lock deadlock.
// thread-1 locks A then B, thread-2 locks B then A. A barrier makes sure that both threads hold
// their first lock before either one tries its second. The main thread then joins thread-1.
// At READY: thread-1 holds A and is blocked waiting for B, thread-2 holds B and is blocked waiting
// for A, and the main thread is blocked in thread1.Join(). A "watcher" thread prints READY and then
// returns, so it is not in the dump.
using System.Runtime.CompilerServices;
using Scenarios;

namespace TwoLocks;

public sealed class Resource(string name)
{
    public string Name { get; } = name;

    public override string ToString() => Name;
}

public sealed class Worker(Resource first, Resource second, Barrier bothHoldTheirFirst)
{
    private static int s_tryingSecond;

    /// <summary>How many workers are past the barrier. Such a worker has no wait left except its second lock.</summary>
    public static int TryingSecond => Volatile.Read(ref s_tryingSecond);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Run()
    {
        lock (first)
        {
            bothHoldTheirFirst.SignalAndWait();
            Interlocked.Increment(ref s_tryingSecond);
            LockSecond();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void LockSecond()
    {
        lock (second)
        {
            Console.WriteLine($"{Thread.CurrentThread.Name} got {first} and {second}: no deadlock this time");
        }
    }
}

public static class Program
{
    private static int s_mainJoining;

    public static void Main()
    {
        var a = new Resource("A");
        var b = new Resource("B");
        var bothHoldTheirFirst = new Barrier(2);
        var thread1 = new Thread(new Worker(a, b, bothHoldTheirFirst).Run) { Name = "thread-1" };
        var thread2 = new Thread(new Worker(b, a, bothHoldTheirFirst).Run) { Name = "thread-2" };
        Thread main = Thread.CurrentThread;
        var watcher = new Thread(() => Watch(thread1, thread2, main)) { Name = "watcher" };

        thread1.Start();
        thread2.Start();
        watcher.Start();
        // Starting a thread can wait inside Thread.Start, so the watcher checks main's
        // WaitSleepJoin only after this flag: from here on, main's only wait is the Join.
        Volatile.Write(ref s_mainJoining, 1);
        thread1.Join();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Watch(Thread thread1, Thread thread2, Thread main)
    {
        // The contention count cannot prove this state: the barrier's own monitor can be contended too.
        Ready.WaitFor(() => Worker.TryingSecond == 2, "both workers to pass the barrier");
        Ready.WaitUntilBlocked(thread1, thread2);
        Ready.WaitFor(() => Volatile.Read(ref s_mainJoining) == 1, "main to reach Join");
        Ready.WaitUntilBlocked(main);
        Ready.Announce();
    }
}
