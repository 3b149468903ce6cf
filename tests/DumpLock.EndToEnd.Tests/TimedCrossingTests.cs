namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// Negative control: two threads cross with Monitor.TryEnter and a timeout. A lock-order bug in
/// timedCycles, not a deadlock; both threads time out and finish by themselves.
/// </summary>
public sealed class TimedCrossingTests(TimedCrossingDumps dumps) : IClassFixture<TimedCrossingDumps>
{
    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void TheCrossingIsATimedCycleNotADeadlockAndEndsByItself(string runtime)
    {
        ScenarioDump dump = dumps[runtime];

        Assert.True(dump.Json.ExitCode == 0, dump.Json.ToString());
        Assert.Empty(dump.Deadlocks);
        var cycle = Assert.Single(dump.Report.GetProperty("timedCycles").EnumerateArray());
        Assert.Equal(new string?[] { "left", "right" }, dump.NamesIn(cycle));
        JsonAssert.IsRing(cycle);
        Assert.All(cycle.GetProperty("edges").EnumerateArray(), e => Assert.True(e.GetProperty("timed").GetBoolean()));
        Assert.True(dump.FinishedAfterRelease, "the crossing threads did not time out and finish");
    }

    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void EachWaitIsATimedMonitorWaitForTheOthersRoad(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        var left = dump.ThreadNamed("left");

        Assert.True(left.GetProperty("waitingFor").GetProperty("timed").GetBoolean());
        Assert.Equal("TimedCrossing.Road", dump.LockWaitedBy("left").Str("objectType"));
        Assert.Equal([dump.TidOf("right")], dump.LockWaitedBy("left").GetProperty("owners").Ints());
        Assert.Contains("lock-order cycle that can end by itself", dump.Text.StdOut);
        Assert.EndsWith("No deadlock found.\n", dump.Text.StdOut);
    }
}
