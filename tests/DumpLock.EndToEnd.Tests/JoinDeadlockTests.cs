namespace DumpLock.EndToEnd.Tests;

/// <summary>joiner holds the journal and joins worker; worker waits for the journal.</summary>
public sealed class JoinDeadlockTests(JoinDeadlockDumps dumps, JoinInfiniteTimeoutDumps infinite, JoinTimedDumps timed)
    : IClassFixture<JoinDeadlockDumps>, IClassFixture<JoinInfiniteTimeoutDumps>, IClassFixture<JoinTimedDumps>
{
    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void LockAndJoinFormOneCycleThroughTheJoinedThread(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        Assert.True(dump.Json.ExitCode == 1, dump.Json.ToString());
        var deadlock = Assert.Single(dump.Deadlocks);
        JsonAssert.IsRing(deadlock);
        Assert.Equal(new string?[] { "joiner", "worker" }, dump.NamesIn(deadlock));
        var edges = deadlock.GetProperty("edges").EnumerateArray().ToList();
        var join = edges.Single(e => e.GetProperty("from").GetInt32() == dump.TidOf("joiner"));
        var journal = edges.Single(e => e.GetProperty("from").GetInt32() == dump.TidOf("worker"));

        Assert.Equal($"thread:{dump.TidOf("worker")}", join.Str("waitsFor"));
        Assert.Equal("JoinDeadlock.Journal", dump.LockWithId(journal.Str("waitsFor")!).Str("objectType"));
        Assert.Equal("thread", dump.ThreadNamed("joiner").GetProperty("waitingFor").Str("kind"));
    }

    /// <summary>
    /// Join(Timeout.Infinite): no frame says the wait has no timeout. .NET 11 shows it (the wait
    /// subsystem's untimed loop); before, the timeout is out of reach and the verdict inconclusive.
    /// </summary>
    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void AJoinWithAnInfiniteTimeoutIsADeadlockOnDotNet11(string runtime)
    {
        ScenarioDump dump = infinite[runtime];
        if (runtime != "11")
        {
            Assert.True(dump.Json.ExitCode == 3, dump.Json.ToString());
            Assert.Empty(dump.Deadlocks);
            return;
        }
        Assert.True(dump.Json.ExitCode == 1, dump.Json.ToString());
        Assert.Equal(new string?[] { "joiner", "worker" }, dump.NamesIn(Assert.Single(dump.Deadlocks)));
        Assert.False(dump.ThreadNamed("joiner").GetProperty("waitingFor").GetProperty("timed").GetBoolean());
    }

    /// <summary>Negative control: Join(20 s) times out, and both threads finish.</summary>
    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void AJoinWithATimeoutIsNeverADeadlock(string runtime) =>
        TimedCycleAssert.EndsByItself(timed[runtime], runtime, "joiner", "joiner", "worker");
}
