namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// A monitor and a Mutex taken in opposite order. Up to .NET 10 no dump records a Mutex's owner:
/// the cycle cannot be proven, so the verdict must be inconclusive, never "no hang". .NET 11 records
/// it (the managed WaitSubsystem), and the cycle is a deadlock; unless the Mutex is waited for with
/// a timeout, which .NET 11's dump also shows.
/// </summary>
public sealed class MutexCycleTests(MutexCycleDumps dumps, MutexCycleTimedDumps timed)
    : IClassFixture<MutexCycleDumps>, IClassFixture<MutexCycleTimedDumps>
{
    [Theory]
    [MemberData(nameof(Runtimes.WithoutMutexOwner), MemberType = typeof(Runtimes))]
    public void AMonitorHolderWaitingForAMutexOfUnknownOwnerIsInconclusive(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        Assert.True(dump.Json.ExitCode == 3, dump.Json.ToString());
        Assert.Equal("inconclusive", dump.Report.GetProperty("summary").Str("verdict"));
        Assert.Empty(dump.Deadlocks);

        var mutex = dump.LockWaitedBy("monitor-first");
        Assert.Equal("Mutex", mutex.Str("kind"));
        Assert.Empty(mutex.GetProperty("owners").Ints());
        var ledger = dump.LockWaitedBy("mutex-first");
        Assert.Equal("MutexCycle.Ledger", ledger.Str("objectType"));
        Assert.Equal([dump.TidOf("monitor-first")], ledger.GetProperty("owners").Ints());

        string cause = dump.Report.GetProperty("summary").Str("cause")!;
        Assert.Contains("\"monitor-first\" (tid", cause);
        Assert.Contains("waits for a lock whose owner was not found while other threads wait for it", cause);
        Assert.Contains("the analysis is inconclusive", dump.Text.StdOut);
        Assert.Contains("its owner is not recorded in a dump before .NET 11", dump.Text.StdOut);
    }

    [Fact]
    public void OnDotNet11TheMutexOwnerIsReadAndTheCycleIsADeadlock()
    {
        ScenarioDump dump = dumps["11"];
        Assert.True(dump.Json.ExitCode == 1, dump.Json.ToString());
        var deadlock = Assert.Single(dump.Deadlocks);
        JsonAssert.IsRing(deadlock);
        Assert.Equal(new string?[] { "monitor-first", "mutex-first" }, dump.NamesIn(deadlock));

        var mutex = dump.LockWaitedBy("monitor-first");
        Assert.Equal(("Mutex", "System.Threading.Mutex"), (mutex.Str("kind"), mutex.Str("objectType")));
        Assert.Equal([dump.TidOf("mutex-first")], mutex.GetProperty("owners").Ints());
        var ledger = dump.LockWaitedBy("mutex-first");
        Assert.Equal(("Monitor", "MutexCycle.Ledger"), (ledger.Str("kind"), ledger.Str("objectType")));
        Assert.Equal([dump.TidOf("monitor-first")], ledger.GetProperty("owners").Ints());
        Assert.Contains("which is held by \"mutex-first\"", dump.Text.StdOut);
    }

    /// <summary>Negative control: the same cycle with WaitOne(20 s) times out and ends by itself.</summary>
    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void AMutexWaitWithATimeoutIsNeverADeadlock(string runtime)
    {
        ScenarioDump dump = timed[runtime];
        TimedCycleAssert.EndsByItself(dump, runtime, "monitor-first", "monitor-first", "mutex-first");
        if (runtime == "11")
        {
            Assert.False(dump.ThreadNamed("mutex-first").GetProperty("waitingFor").GetProperty("timed").GetBoolean());
        }
    }
}
