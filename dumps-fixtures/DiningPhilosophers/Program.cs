// DiningPhilosophers: five philosophers and five forks around a table. Philosopher i picks up fork i
// (left) and then fork (i + 1) % 5 (right). A barrier makes sure that every philosopher holds their
// left fork before any of them reaches for the right one.
// At READY: each philosopher-i holds fork i and is blocked waiting for fork (i + 1) % 5, which
// philosopher-(i + 1) % 5 holds. This is one cycle of five. The main thread sleeps.
using System.Runtime.CompilerServices;
using Scenarios;

namespace Dining;

public sealed class Fork(int id)
{
    public int Id { get; } = id;

    public override string ToString() => $"fork {Id}";
}

public sealed class Philosopher(Fork left, Fork right, Barrier table)
{
    private static int s_reachingRight;

    /// <summary>How many philosophers are past the barrier. Such a philosopher has no wait left except the right fork.</summary>
    public static int ReachingRight => Volatile.Read(ref s_reachingRight);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Eat()
    {
        lock (left)
        {
            table.SignalAndWait();
            Interlocked.Increment(ref s_reachingRight);
            lock (right)
            {
                Console.WriteLine($"{Thread.CurrentThread.Name} eats with {left} and {right}");
            }
        }
    }
}

public static class Program
{
    private const int Seats = 5;

    public static void Main()
    {
        Fork[] forks = Enumerable.Range(0, Seats).Select(i => new Fork(i)).ToArray();
        var table = new Barrier(Seats);
        Thread[] philosophers = Enumerable.Range(0, Seats)
            .Select(i => new Thread(new Philosopher(forks[i], forks[(i + 1) % Seats], table).Eat) { Name = $"philosopher-{i}" })
            .ToArray();
        foreach (Thread philosopher in philosophers)
        {
            philosopher.Start();
        }

        // The contention count cannot prove this state: the barrier's own monitor can be contended too.
        Ready.WaitFor(() => Philosopher.ReachingRight == Seats, "every philosopher to pass the barrier");
        Ready.WaitUntilBlocked(philosophers);
        Ready.Announce();
        Thread.Sleep(Timeout.Infinite);
    }
}
