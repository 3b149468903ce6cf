// TimedCrossing (negative control): two threads take two monitors in opposite order, but each
// asks for its second with Monitor.TryEnter and a timeout, so the crossing ends by itself.
// "left" locks `north` and then tries `south` for up to 20 s; "right" locks `south` and then tries
// `north` for up to 20 s. A barrier makes sure that both hold their first monitor before either
// tries its second.
// At READY: left holds north and waits in TryEnter on south; right holds south and waits in
// TryEnter on north: a cycle of timed waits, a lock-order bug but not a deadlock. On "release"
// (after the dump) nothing is released: both TryEnters time out, each thread gives up its first
// monitor and finishes, and the program prints DONE.
using System.Runtime.CompilerServices;
using Scenarios;

namespace TimedCrossing;

public sealed class Road(string name)
{
    public override string ToString() => name;
}

public static class Program
{
    // Long enough for the dump to be taken while both wait, short enough for the test to see them go on.
    private const int TimeoutMs = 20_000;

    private static readonly Road s_north = new("north");
    private static readonly Road s_south = new("south");
    private static readonly Barrier s_bothHoldTheirFirst = new(2);

    private static int s_tryingSecond;

    public static void Main()
    {
        long baseline = Ready.ContentionBaseline();
        var left = new Thread(() => Cross(s_north, s_south)) { Name = "left", IsBackground = true };
        var right = new Thread(() => Cross(s_south, s_north)) { Name = "right", IsBackground = true };
        left.Start();
        right.Start();
        // Past the barrier a thread's only wait left is its TryEnter.
        Ready.WaitFor(() => Volatile.Read(ref s_tryingSecond) == 2, "both threads to hold their first road");
        Ready.WaitForContentions(baseline, 2);
        Ready.WaitUntilBlocked(left, right);
        Ready.Announce();

        Ready.WaitForRelease();
        Ready.DoneWhenFinished(left, right);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Cross(Road first, Road second)
    {
        lock (first)
        {
            s_bothHoldTheirFirst.SignalAndWait();
            Interlocked.Increment(ref s_tryingSecond);
            TryTake(second);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void TryTake(Road road)
    {
        if (Monitor.TryEnter(road, TimeoutMs))
        {
            Monitor.Exit(road);
        }
    }
}
