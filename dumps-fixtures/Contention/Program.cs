// Contention: the negative control. Four workers "worker-1".."worker-4" increment a shared counter
// under one lock, in an endless loop, and do a little work inside the lock so that they really
// contend. There is no deadlock: the process keeps making progress forever.
// At READY: the counter has passed 100 000 and at least one thread has blocked on the lock. The
// main thread sleeps.
using System.Runtime.CompilerServices;
using Scenarios;

namespace Contention;

public sealed class Counter
{
    private long _value;
    private long _checksum;

    public long Value => Volatile.Read(ref _value);

    /// <summary>Call only while holding the lock on this counter.</summary>
    public void Increment(long work)
    {
        _value++;
        _checksum ^= work;
    }
}

public sealed class Worker(Counter gate)
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Run()
    {
        while (true)
        {
            Increment();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Increment()
    {
        lock (gate)
        {
            gate.Increment(Work(gate.Value));
        }
    }

    /// <summary>A little work done inside the lock, so that the lock is held long enough to be contended.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long Work(long seed)
    {
        long x = seed;
        for (int i = 0; i < 200; i++)
        {
            x = unchecked(x * 6364136223846793005L + 1442695040888963407L);
        }
        return x;
    }
}

public static class Program
{
    public static void Main()
    {
        var gate = new Counter();
        long baseline = Ready.ContentionBaseline();
        for (int i = 1; i <= 4; i++)
        {
            new Thread(new Worker(gate).Run) { Name = $"worker-{i}" }.Start();
        }

        Ready.WaitFor(() => gate.Value > 100_000, "the counter to pass 100 000");
        Ready.WaitForContentions(baseline, 1);
        Ready.Announce();
        Thread.Sleep(Timeout.Infinite);
    }
}
