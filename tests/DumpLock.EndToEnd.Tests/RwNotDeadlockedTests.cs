namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// Negative control: an upgrade to write beside readers, and an upgradeable-read waiter beside a
/// reader that waits for it. Neither is a deadlock; the scenario proves it by finishing once released.
/// </summary>
public sealed class RwNotDeadlockedTests(RwNotDeadlockedDumps dumps) : IClassFixture<RwNotDeadlockedDumps>
{
    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void NoDeadlockIsReportedAndEveryThreadFinishesOnceReleased(string runtime)
    {
        ScenarioDump dump = dumps[runtime];

        Assert.True(dump.Json.ExitCode == 0, dump.Json.ToString());
        Assert.Equal("blocked", dump.Report.GetProperty("summary").Str("verdict"));
        Assert.Empty(dump.Deadlocks);
        Assert.Empty(dump.Report.GetProperty("timedCycles").EnumerateArray());
        Assert.True(dump.FinishedAfterRelease, "the scenario's threads did not all finish once released");
    }

    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void UpgraderOwnsTheUpgradeableReadAndWaitsToWriteForTheReadersOnly(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        var upgrader = dump.ThreadNamed("upgrader");
        var journal = dump.LockWaitedBy("upgrader");
        var modes = journal.GetProperty("ownerModes");

        Assert.Equal("write", upgrader.GetProperty("waitingFor").Str("mode"));
        Assert.Equal("upgradeableRead", modes.Str(dump.TidOf("upgrader").ToString()));
        Assert.Equal("read", modes.Str(dump.TidOf("reader-1").ToString()));
        Assert.Equal("read", modes.Str(dump.TidOf("reader-2").ToString()));
        var chains = dump.Report.GetProperty("blockingChains").EnumerateArray()
            .Where(c => c.GetProperty("blockedThreads").Ints().Contains(dump.TidOf("upgrader")))
            .Select(c => c.GetProperty("rootThread").GetInt32()).Order();
        Assert.Equal(new[] { dump.TidOf("reader-1"), dump.TidOf("reader-2") }.Order(), chains);
    }

    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void UpgradeableWaiterAndTheReaderBehindItWaitForTheUpgradeableHolder(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        var index = dump.LockWaitedBy("upgradeable-waiter");
        var chain = dump.Report.GetProperty("blockingChains").EnumerateArray()
            .Single(c => c.GetProperty("rootThread").GetInt32() == dump.TidOf("upgradeable-holder"));

        Assert.Equal("upgradeableRead", dump.ThreadNamed("upgradeable-waiter").GetProperty("waitingFor").Str("mode"));
        Assert.Equal("read", index.GetProperty("ownerModes").Str(dump.TidOf("shelf-reader").ToString()));
        Assert.Equal(new[] { dump.TidOf("upgradeable-waiter"), dump.TidOf("shelf-reader") }.Order(), chain.GetProperty("blockedThreads").Ints().Order());
    }
}
