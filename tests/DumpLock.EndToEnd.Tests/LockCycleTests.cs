namespace DumpLock.EndToEnd.Tests;

/// <summary>Two System.Threading.Lock instances taken in opposite order; lock-1 entered A twice.</summary>
public sealed class LockCycleTests(LockCycleDumps dumps) : IClassFixture<LockCycleDumps>
{
    [Theory]
    [MemberData(nameof(Runtimes.WithLock), MemberType = typeof(Runtimes))]
    public void TwoThreadsDeadlockOnTwoLocksOfKindLock(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        Assert.True(dump.Json.ExitCode == 1, dump.Json.ToString());
        var deadlock = Assert.Single(dump.Deadlocks);
        JsonAssert.IsRing(deadlock);
        Assert.Equal(new string?[] { "lock-1", "lock-2" }, dump.NamesIn(deadlock));
        Assert.All(dump.Locks, l =>
        {
            Assert.Equal("Lock", l.Str("kind"));
            Assert.Equal("System.Threading.Lock", l.Str("objectType"));
        });
    }

    [Theory]
    [MemberData(nameof(Runtimes.WithLock), MemberType = typeof(Runtimes))]
    public void RecursiveEntryCountsTwiceAndOwnerIsTheOsThread(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        var a = dump.LockWaitedBy("lock-2");
        var b = dump.LockWaitedBy("lock-1");

        Assert.Equal([dump.TidOf("lock-1")], a.GetProperty("owners").Ints());
        Assert.Equal(2, a.GetProperty("recursion").GetInt32());
        Assert.Equal([dump.TidOf("lock-2")], b.GetProperty("owners").Ints());
        Assert.Equal(1, b.GetProperty("recursion").GetInt32());
    }
}
