// LateDeadlock: a service that works, then deadlocks when told to; what `dumplock watch` must catch.
// worker-1 and worker-2 move money between accounts A and B, each under both locks, always A then B:
// healthy, and READY once both have done real work. On the line "deadlock" on stdin, worker-2 starts
// taking B then A; a barrier makes both hold their first lock before either takes its second, and
// DEADLOCKED <pid> follows once both are blocked. On "exit" the process ends.
using System.Runtime.CompilerServices;
using Scenarios;

namespace LateDeadlock;

public sealed class Account(string name)
{
    public long Balance { get; set; } = 1_000;

    public override string ToString() => name;
}

public static class Program
{
    private static readonly Account s_a = new("A");
    private static readonly Account s_b = new("B");
    private static readonly Barrier s_bothHoldTheirFirst = new(2);
    private static volatile bool s_crossing;
    private static int s_tryingSecond;
    private static readonly int[] s_transfers = new int[2];

    public static void Main()
    {
        var worker1 = new Thread(() => Work(0, s_a, s_b)) { Name = "worker-1", IsBackground = true };
        var worker2 = new Thread(() => Work(1, s_b, s_a)) { Name = "worker-2", IsBackground = true };
        worker1.Start();
        worker2.Start();
        Ready.WaitFor(() => Volatile.Read(ref s_transfers[0]) >= 10 && Volatile.Read(ref s_transfers[1]) >= 10, "both workers to do 10 transfers");
        Ready.Announce();

        while (Console.In.ReadLine() is { } command)
        {
            if (command == "exit")
            {
                return;
            }
            if (command == "deadlock")
            {
                s_crossing = true;
                Ready.WaitFor(() => Volatile.Read(ref s_tryingSecond) == 2, "both workers to pass the barrier");
                Ready.WaitUntilBlocked(worker1, worker2);
                Console.Out.WriteLine($"DEADLOCKED {Environment.ProcessId}");
                Console.Out.Flush();
            }
        }
    }

    /// <summary>Healthy transfers in the one lock order, until told to cross: then <paramref name="mine"/> first.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Work(int index, Account mine, Account other)
    {
        while (!s_crossing)
        {
            lock (s_a)
            {
                lock (s_b)
                {
                    Transfer(mine, other);
                }
            }
            Interlocked.Increment(ref s_transfers[index]);
            Thread.Sleep(1);
        }
        lock (mine)
        {
            s_bothHoldTheirFirst.SignalAndWait();
            Interlocked.Increment(ref s_tryingSecond);
            LockOther(mine, other);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LockOther(Account mine, Account other)
    {
        lock (other)
        {
            Transfer(mine, other);
        }
    }

    private static void Transfer(Account from, Account to)
    {
        from.Balance -= 1;
        to.Balance += 1;
    }
}
