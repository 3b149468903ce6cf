namespace DumpLock.EndToEnd.Tests;

/// <summary>A monitor and a System.Threading.Lock taken in opposite order: one cycle, two kinds.</summary>
public sealed class MixedLockCycleTests(MixedLockCycleDumps dumps, MixedLockCycleLeftHeldDumps leftHeld)
    : IClassFixture<MixedLockCycleDumps>, IClassFixture<MixedLockCycleLeftHeldDumps>
{
    [Theory]
    [MemberData(nameof(Runtimes.WithLock), MemberType = typeof(Runtimes))]
    public void MonitorAndLockFormOneCycle(string runtime) => AssertOneCycle(dumps[runtime]);

    /// <summary>
    /// The vault's Lock taken in a method that returned: lock-first's stack no longer refers to it,
    /// so its owner is known only from the Lock itself, which monitor-first's stack holds.
    /// </summary>
    [Theory]
    [MemberData(nameof(Runtimes.WithLock), MemberType = typeof(Runtimes))]
    public void ALockWhoseOwnerNoLongerReferencesItStillClosesTheCycle(string runtime) => AssertOneCycle(leftHeld[runtime]);

    private static void AssertOneCycle(ScenarioDump dump)
    {
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
