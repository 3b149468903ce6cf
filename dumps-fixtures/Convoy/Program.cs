// Convoy: a hang with no cycle. Thread "holder" locks a Resource and then sleeps forever inside the
// lock. Eight threads "waiter-1".."waiter-8" try to lock the same Resource.
// At READY: the holder holds the Resource once and is in Thread.Sleep, and all eight waiters are
// blocked in Monitor.Enter on it. This is one blocking chain rooted at the holder. The main thread sleeps.
using System.Runtime.CompilerServices;
using Scenarios;

namespace Convoy;

public sealed class Resource
{
    public string Name { get; } = "the shared resource";
}

public sealed class Holder(Resource resource)
{
    private int _holding;

    public bool IsHolding => Volatile.Read(ref _holding) == 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void HoldForever()
    {
        lock (resource)
        {
            // A flag rather than a ManualResetEventSlim, whose Set takes a monitor of its own. That
            // could add a contention to the count below, and a WaitSleepJoin that is not the Sleep.
            Volatile.Write(ref _holding, 1);
            Thread.Sleep(Timeout.Infinite);
        }
    }
}

public sealed class Waiter(Resource resource)
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Enter()
    {
        lock (resource)
        {
            Console.WriteLine($"{Thread.CurrentThread.Name} got {resource.Name}");
        }
    }
}

public static class Program
{
    private const int Waiters = 8;

    public static void Main()
    {
        var resource = new Resource();
        var holder = new Holder(resource);
        var holderThread = new Thread(holder.HoldForever) { Name = "holder" };
        holderThread.Start();
        Ready.WaitFor(() => holder.IsHolding, "the holder to take the lock");
        // After the flag, the holder's only wait is the Sleep.
        Ready.WaitUntilBlocked(holderThread);

        long baseline = Ready.ContentionBaseline();
        Thread[] waiters = Enumerable.Range(1, Waiters)
            .Select(i => new Thread(new Waiter(resource).Enter) { Name = $"waiter-{i}" })
            .ToArray();
        foreach (Thread waiter in waiters)
        {
            waiter.Start();
        }
        // Nothing else in the process can contend for a monitor now. A waiter has no wait except
        // the lock, so the count and WaitSleepJoin both mean that it is blocked on the Resource.
        Ready.WaitForContentions(baseline, Waiters);
        Ready.WaitUntilBlocked(waiters);
        Ready.Announce();
        Thread.Sleep(Timeout.Infinite);
    }
}
