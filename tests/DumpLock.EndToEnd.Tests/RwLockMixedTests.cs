namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// A ReaderWriterLockSlim write lock in a cycle with a monitor, and a second one whose readers
/// sleep while a writer waits: a chain, not a cycle.
/// </summary>
public sealed class RwLockMixedTests(RwLockMixedDumps dumps) : IClassFixture<RwLockMixedDumps>
{
    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void WriterAndGatekeeperDeadlockThroughTheWriteLockAndTheGate(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        Assert.True(dump.Json.ExitCode == 1, dump.Json.ToString());
        var deadlock = Assert.Single(dump.Deadlocks);
        Assert.Equal(new string?[] { "gatekeeper", "writer" }, dump.NamesIn(deadlock));
        var ledger = dump.LockWaitedBy("gatekeeper");
        var gate = dump.LockWaitedBy("writer");

        Assert.Equal("ReaderWriterLockSlim", ledger.Str("kind"));
        Assert.Equal([dump.TidOf("writer")], ledger.GetProperty("owners").Ints());
        Assert.Equal("Monitor", gate.Str("kind"));
        Assert.Equal("RwLockMixed.Gate", gate.Str("objectType"));
        Assert.Equal([dump.TidOf("gatekeeper")], gate.GetProperty("owners").Ints());
        Assert.Contains("read lock of ReaderWriterLockSlim", dump.ThreadNamed("gatekeeper").GetProperty("waitingFor").Str("description"));
    }

    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void BothSleepingReadersOwnTheCatalogTheWriterWaitsFor(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        var catalog = dump.LockWaitedBy("catalog-writer");
        int[] readers = [dump.TidOf("reader-1"), dump.TidOf("reader-2")];

        Assert.Equal(readers.Order(), catalog.GetProperty("owners").Ints());
        Assert.Equal([dump.TidOf("catalog-writer")], catalog.GetProperty("waiters").Ints());
        Assert.Contains("write lock", dump.ThreadNamed("catalog-writer").GetProperty("waitingFor").Str("description"));
        Assert.Contains(catalog.Str("id"), dump.ThreadNamed("reader-1").GetProperty("holds").Strings());
    }

    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void TheCatalogWriterIsInAChainRootedAtEachReader(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        var chains = dump.Report.GetProperty("blockingChains").EnumerateArray().ToList();
        foreach (string reader in new[] { "reader-1", "reader-2" })
        {
            var chain = chains.Single(c => c.GetProperty("rootThread").GetInt32() == dump.TidOf(reader));
            Assert.Equal("waiting", chain.Str("rootState"));
            Assert.Contains(dump.TidOf("catalog-writer"), chain.GetProperty("blockedThreads").Ints());
        }
    }
}
