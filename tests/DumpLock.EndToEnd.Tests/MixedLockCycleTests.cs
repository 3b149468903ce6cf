namespace DumpLock.EndToEnd.Tests;

/// <summary>A monitor and a System.Threading.Lock taken in opposite order: one cycle, two kinds.</summary>
public sealed class MixedLockCycleTests(MixedLockCycleDumps dumps) : IClassFixture<MixedLockCycleDumps>
{
    [Theory]
    [MemberData(nameof(Runtimes.WithLock), MemberType = typeof(Runtimes))]
    public void MonitorAndLockFormOneCycle(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        Assert.True(dump.Json.ExitCode == 1, dump.Json.ToString());
        var deadlock = Assert.Single(dump.Deadlocks);
        JsonAssert.IsRing(deadlock);
        Assert.Equal(new string?[] { "lock-first", "monitor-first" }, dump.NamesIn(deadlock));
        var ledger = dump.LockWaitedBy("lock-first");
        var vault = dump.LockWaitedBy("monitor-first");

        Assert.Equal(("Monitor", "MixedLockCycle.Ledger"), (ledger.Str("kind"), ledger.Str("objectType")));
        Assert.Equal([dump.TidOf("monitor-first")], ledger.GetProperty("owners").Ints());
        Assert.Equal(("Lock", "System.Threading.Lock"), (vault.Str("kind"), vault.Str("objectType")));
        Assert.Equal([dump.TidOf("lock-first")], vault.GetProperty("owners").Ints());
    }
}
