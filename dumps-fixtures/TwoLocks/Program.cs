// TwoLocks: the classic two-lock deadlock.
// thread-1 locks A then B, thread-2 locks B then A. A barrier makes sure that both threads hold
// their first lock before either one tries its second. The main thread then joins thread-1.
// At READY: thread-1 holds A and is blocked waiting for B, thread-2 holds B and is blocked waiting
// for A, and the main thread is blocked in thread1.Join(). A "watcher" thread prints READY and then
// returns, so it is not in the dump.
// With "idle N" it also starts N threads ("idle-1" …) that wait for an event nobody sets, all on
// one line: a deadlock among many identical stacks, as a service's worker threads look.
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

    public static void Main(string[] args)
    {
        int idle = args is ["idle", string count] ? int.Parse(count, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var never = new ManualResetEventSlim();
        Thread[] idlers = [.. Enumerable.Range(1, idle).Select(i => new Thread(() => never.Wait()) { Name = $"idle-{i}", IsBackground = true })];
        Array.ForEach(idlers, t => t.Start());
        var a = new Resource("A");
        var b = new Resource("B");
        var bothHoldTheirFirst = new Barrier(2);
        var thread1 = new Thread(new Worker(a, b, bothHoldTheirFirst).Run) { Name = "thread-1" };
        var thread2 = new Thread(new Worker(b, a, bothHoldTheirFirst).Run) { Name = "thread-2" };
        Thread main = Thread.CurrentThread;
        var watcher = new Thread(() => Watch(thread1, thread2, main, never, idlers)) { Name = "watcher" };

        thread1.Start();
        thread2.Start();
        watcher.Start();
        // Starting a thread can wait inside Thread.Start, so the watcher checks main's
        // WaitSleepJoin only after this flag: from here on, main's only wait is the Join.
        Volatile.Write(ref s_mainJoining, 1);
        thread1.Join();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Watch(Thread thread1, Thread thread2, Thread main, ManualResetEventSlim never, Thread[] idlers)
    {
        // Each idle thread counts itself a waiter inside the event's lock, then blocks in Monitor.Wait.
        Ready.WaitFor(() => Ready.WaitersOf(never) == idlers.Length, "the idle threads to wait");
        Ready.WaitUntilBlocked(idlers);
        // The contention count cannot prove this state: the barrier's own monitor can be contended too.
        Ready.WaitFor(() => Worker.TryingSecond == 2, "both workers to pass the barrier");
        Ready.WaitUntilBlocked(thread1, thread2);
        Ready.WaitFor(() => Volatile.Read(ref s_mainJoining) == 1, "main to reach Join");
        Ready.WaitUntilBlocked(main);
        Ready.Announce();
    }
}
