using System.Reflection;

namespace Scenarios;

/// <summary>
/// The READY handshake shared by all scenarios. A scenario prints <c>READY &lt;pid&gt;</c> only once
/// its state has formed, and every wait here polls a condition that proves it (it does not just
/// sleep and hope). A wait that does not finish within 60 s ends the process with exit code 3, so a
/// broken scenario fails fast instead of hanging the tests.
/// </summary>
public static class Ready
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(60);

    /// <summary>How many times, so far, a thread in this process has blocked on a contended monitor.</summary>
    /// <remarks>
    /// On .NET 10 the count goes up once per blocking <c>Monitor.Enter</c>. This happens after the
    /// thread has spun and has been registered as a waiter, just before it sleeps. It counts every
    /// monitor in the process, including the ones inside Barrier and ManualResetEventSlim, so count
    /// from a baseline taken when no such primitive can still be contended.
    /// </remarks>
    public static long ContentionBaseline() => Monitor.LockContentionCount;

    public static void WaitForContentions(long baseline, int count) =>
        WaitFor(() => Monitor.LockContentionCount - baseline >= count, $"{count} lock contention(s)");

    /// <summary>
    /// Waits until every thread is in WaitSleepJoin. This only proves that a thread is blocked where
    /// the caller thinks if that thread has no other wait left. A thread inside
    /// Barrier.SignalAndWait is in WaitSleepJoin too.
    /// </summary>
    public static void WaitUntilBlocked(params Thread[] threads) =>
        WaitFor(() => threads.All(t => (t.ThreadState & ThreadState.WaitSleepJoin) != 0),
            "threads " + string.Join(", ", threads.Select(t => t.Name ?? $"#{t.ManagedThreadId}")) + " to block");

    /// <summary>
    /// Threads blocked in <paramref name="slimEvent"/>.Wait, past their spinning: the event counts a
    /// waiter right before it sleeps. The count is bits 0–18 of the private <c>m_combinedState</c>, the
    /// same on .NET 8 to 11 (the private Waiters property that wraps it is gone in 11).
    /// </summary>
    public static int WaitersOf(ManualResetEventSlim slimEvent)
    {
        FieldInfo state = typeof(ManualResetEventSlim).GetField("m_combinedState", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new MissingFieldException(nameof(ManualResetEventSlim), "m_combinedState");
        return (int)state.GetValue(slimEvent)! & 0x7FFFF;
    }

    /// <summary>
    /// Threads blocked in Wait, .Result or GetResult on <paramref name="task"/>, past their spinning.
    /// Task waits spin first (Thread.Sleep(0) shows as WaitSleepJoin); then the waiter adds a
    /// ManualResetEventSlim (Task+SetOnInvokeMres) as the task's continuation and blocks on it.
    /// </summary>
    public static int BlockedWaitersOf(Task task)
    {
        FieldInfo continuation = typeof(Task).GetField("m_continuationObject", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new MissingFieldException(nameof(Task), "m_continuationObject");
        return continuation.GetValue(task) is ManualResetEventSlim waiting ? WaitersOf(waiting) : 0;
    }

    /// <summary>
    /// Waits until every thread-pool worker sleeps in the kernel (state S in /proc) in 20 polls in a
    /// row (100 ms). A worker back from its last work item spins in the pool's semaphore before it
    /// parks there, and a spinning worker runs; a parked one stays asleep.
    /// </summary>
    public static void WaitUntilPoolWorkersPark()
    {
        int asleepInARow = 0;
        WaitFor(() => (asleepInARow = PoolWorkersAsleep() ? asleepInARow + 1 : 0) >= 20, "every pool worker to park");
    }

    private static bool PoolWorkersAsleep()
    {
        try
        {
            return Directory.GetDirectories("/proc/self/task")
                .Where(task => File.ReadAllText(Path.Combine(task, "comm")).TrimEnd() == ".NET TP Worker")
                .All(task => File.ReadAllText(Path.Combine(task, "stat")) is var stat && stat[stat.LastIndexOf(')') + 2] == 'S');
        }
        catch (IOException)
        {
            // A thread that exited while being looked at: look again.
            return false;
        }
    }

    /// <summary>Polls <paramref name="condition"/> every 5 ms until it holds.</summary>
    public static void WaitFor(Func<bool> condition, string what)
    {
        long start = Environment.TickCount64;
        while (!condition())
        {
            if (Environment.TickCount64 - start > (long)s_limit.TotalMilliseconds)
            {
                Console.Error.WriteLine($"scenario not ready: gave up after {s_limit.TotalSeconds} s waiting for {what}");
                Environment.Exit(3);
            }
            Thread.Sleep(5);
        }
    }

    /// <summary>Tells the test harness that the state has formed.</summary>
    public static void Announce()
    {
        Console.Out.WriteLine($"READY {Environment.ProcessId}");
        Console.Out.Flush();
    }

    /// <summary>
    /// For a negative control: waits until the harness, having taken its dump, writes a line on
    /// stdin; the scenario then releases what its threads wait for and shows they all finish.
    /// </summary>
    public static void WaitForRelease() => Console.In.ReadLine();

    /// <summary>Waits for every thread to finish, then says so: the state in the dump was no deadlock.</summary>
    public static void DoneWhenFinished(params Thread[] threads)
    {
        foreach (Thread thread in threads)
        {
            if (!thread.Join(s_limit))
            {
                Console.Error.WriteLine($"scenario not done: {thread.Name} did not finish in {s_limit.TotalSeconds} s");
                Environment.Exit(4);
            }
        }
        Console.Out.WriteLine($"DONE {Environment.ProcessId}");
        Console.Out.Flush();
    }
}
