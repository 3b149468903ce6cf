// NoOwnerWaits: threads blocked on primitives that have no single owner (or, for the Mutex, whose
// owner a dump records only from .NET 11 on), each on its own named thread. Nothing is in a cycle and nothing
// will ever wake them.
// At READY:
//   "sem-waiter"       is blocked in SemaphoreSlim.Wait() on a SemaphoreSlim(0, 1), count 0, no async waiters;
//   "mutex-holder"     owns a Mutex (WaitOne) and is in Thread.Sleep;
//   "mutex-waiter"     is blocked in WaitOne() on that Mutex;
//   "mres-waiter"      is blocked in ManualResetEventSlim.Wait() on an event that is never set;
//   "mre-waiter"       is blocked in WaitOne() on a ManualResetEvent that is never set;
//   "countdown-waiter" is blocked in CountdownEvent.Wait() on a CountdownEvent(2) signalled once;
//   "pulse-waiter"     is in Monitor.Wait on a Mailbox that it locked once and that is never pulsed;
//   "quiet-holder"     holds the monitor of a Ledger that no thread waits for (a thin lock, never
//                      inflated) and is in Thread.Sleep.
// The main thread sleeps.
using System.Reflection;
using System.Runtime.CompilerServices;
using Scenarios;

namespace NoOwnerWaits;

public sealed class Mailbox
{
    public string Name { get; } = "the mailbox";

    public override string ToString() => Name;
}

/// <summary>The primitives that the threads wait on.</summary>
public sealed class Waits
{
    public SemaphoreSlim Gate { get; } = new(0, 1);

    public Mutex Mutex { get; } = new();

    public ManualResetEventSlim SlimEvent { get; } = new();

    public ManualResetEvent KernelEvent { get; } = new(false);

    public CountdownEvent Countdown { get; } = new(2);

    public Mailbox Mailbox { get; } = new();

    public Ledger Ledger { get; } = new();
}

/// <summary>Locked by one thread only: its monitor stays a thin lock in the object's header.</summary>
public sealed class Ledger
{
    public override string ToString() => "the ledger";
}

/// <summary>One thread's work. Each method sets the flag right before the thread's last wait.</summary>
public sealed class Waiter(Waits waits)
{
    private int _atLastWait;

    /// <summary>Whether the thread has reached its last wait: from here on, WaitSleepJoin can only be that wait.</summary>
    public bool IsAtLastWait => Volatile.Read(ref _atLastWait) == 1;

    private void ReachLastWait() => Volatile.Write(ref _atLastWait, 1);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void WaitForSemaphore()
    {
        ReachLastWait();
        waits.Gate.Wait();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void HoldMutex()
    {
        Mutex mutex = waits.Mutex;
        mutex.WaitOne();
        try
        {
            ReachLastWait();
            Thread.Sleep(Timeout.Infinite);
        }
        finally
        {
            mutex.ReleaseMutex();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void WaitForMutex()
    {
        ReachLastWait();
        waits.Mutex.WaitOne();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void WaitForSlimEvent()
    {
        ReachLastWait();
        waits.SlimEvent.Wait();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void WaitForKernelEvent()
    {
        ReachLastWait();
        waits.KernelEvent.WaitOne();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void WaitForCountdown()
    {
        ReachLastWait();
        waits.Countdown.Wait();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void HoldQuietly()
    {
        lock (waits.Ledger)
        {
            ReachLastWait();
            Thread.Sleep(Timeout.Infinite);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void WaitForPulse()
    {
        lock (waits.Mailbox)
        {
            ReachLastWait();
            Monitor.Wait(waits.Mailbox);
        }
    }
}

/// <summary>
/// Reads private counters of SemaphoreSlim and ManualResetEventSlim (names checked on .NET 8 to 11). Both spin before they block, calling Thread.Sleep(0), which shows as WaitSleepJoin,
/// so the thread state alone cannot tell spinning from blocking. Both count a waiter while holding
/// their internal monitor, right before Monitor.Wait on it, with no other wait in between.
/// </summary>
internal static class RuntimeState
{
    private const BindingFlags Private = BindingFlags.Instance | BindingFlags.NonPublic;

    /// <summary>Threads in a synchronous Wait that got past the spinning (SemaphoreSlim.m_waitCount).</summary>
    public static int SyncWaiters(SemaphoreSlim semaphore) => (int)Field(typeof(SemaphoreSlim), "m_waitCount").GetValue(semaphore)!;

    /// <summary>Threads in Wait that got past the spinning (ManualResetEventSlim.Waiters).</summary>
    public static int Waiters(ManualResetEventSlim slimEvent) => Ready.WaitersOf(slimEvent);

    /// <summary>The ManualResetEventSlim that CountdownEvent.Wait waits on (CountdownEvent._event).</summary>
    public static ManualResetEventSlim EventOf(CountdownEvent countdown) =>
        (ManualResetEventSlim)Field(typeof(CountdownEvent), "_event").GetValue(countdown)!;

    private static FieldInfo Field(Type type, string name) =>
        type.GetField(name, Private) ?? throw new MissingFieldException(type.Name, name);
}

public static class Program
{
    public static void Main()
    {
        var waits = new Waits();
        waits.Countdown.Signal();

        var holder = new Waiter(waits);
        Thread holderThread = Start("mutex-holder", holder.HoldMutex);
        Ready.WaitFor(() => holder.IsAtLastWait, "mutex-holder to own the mutex");
        Ready.WaitUntilBlocked(holderThread);

        var semaphore = new Waiter(waits);
        var mutex = new Waiter(waits);
        var slimEvent = new Waiter(waits);
        var kernelEvent = new Waiter(waits);
        var countdown = new Waiter(waits);
        var pulse = new Waiter(waits);
        var quiet = new Waiter(waits);
        Thread[] threads =
        [
            Start("sem-waiter", semaphore.WaitForSemaphore),
            Start("mutex-waiter", mutex.WaitForMutex),
            Start("mres-waiter", slimEvent.WaitForSlimEvent),
            Start("mre-waiter", kernelEvent.WaitForKernelEvent),
            Start("countdown-waiter", countdown.WaitForCountdown),
            Start("pulse-waiter", pulse.WaitForPulse),
            Start("quiet-holder", quiet.HoldQuietly),
        ];

        Ready.WaitFor(() => new[] { semaphore, mutex, slimEvent, kernelEvent, countdown, pulse, quiet }.All(w => w.IsAtLastWait),
            "every waiter to reach its wait");
        // Mutex.WaitOne, ManualResetEvent.WaitOne, Monitor.Wait and Thread.Sleep do not spin: past its flag such
        // a thread's WaitSleepJoin is its wait. The others need their waiter counts too.
        Ready.WaitFor(() => waits.Gate.CurrentCount == 0 && RuntimeState.SyncWaiters(waits.Gate) == 1,
            "sem-waiter to wait on the semaphore");
        Ready.WaitFor(() => RuntimeState.Waiters(waits.SlimEvent) == 1, "mres-waiter to wait on the event");
        Ready.WaitFor(() => waits.Countdown.CurrentCount == 1 && RuntimeState.Waiters(RuntimeState.EventOf(waits.Countdown)) == 1,
            "countdown-waiter to wait on the countdown");
        Ready.WaitUntilBlocked(threads);
        Ready.Announce();
        Thread.Sleep(Timeout.Infinite);
    }

    private static Thread Start(string name, ThreadStart work)
    {
        var thread = new Thread(work) { Name = name };
        thread.Start();
        return thread;
    }
}
