namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// A monitor and a Mutex taken in opposite order: a deadlock, but no dump records a Mutex's owner.
/// The cycle cannot be proven, so the verdict must be inconclusive, never "no hang".
/// </summary>
public sealed class MutexCycleTests(MutexCycleDumps dumps) : IClassFixture<MutexCycleDumps>
{
    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
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
    }
}
