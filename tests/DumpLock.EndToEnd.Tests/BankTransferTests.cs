namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// 20 tellers move money between 10 accounts under lock (from) { lock (to) }, until they freeze.
/// The scenario prints READY once it has seen a closed cycle of tellers; which tellers is random.
/// </summary>
public sealed class BankTransferTests(BankTransferDumps dumps) : IClassFixture<BankTransferDumps>
{
    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void EveryDeadlockIsARingOfTellersWaitingForAccounts(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        Assert.True(dump.Json.ExitCode == 1, dump.Json.ToString());
        Assert.NotEmpty(dump.Deadlocks);
        foreach (var deadlock in dump.Deadlocks)
        {
            JsonAssert.IsRing(deadlock);
            Assert.All(deadlock.GetProperty("threads").Ints(), t => Assert.StartsWith("teller-", dump.NameOf(t)));
            foreach (var edge in deadlock.GetProperty("edges").EnumerateArray())
            {
                var account = dump.LockWithId(edge.Str("waitsFor")!);
                Assert.Equal("Bank.Account", account.Str("objectType"));
                Assert.Equal([edge.GetProperty("heldBy").GetInt32()], account.GetProperty("owners").Ints());
                Assert.Contains(edge.GetProperty("from").GetInt32(), account.GetProperty("waiters").Ints());
            }
        }
    }

    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void NoTellerIsInTwoDeadlocks(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        int[] inCycles = dump.Deadlocks.SelectMany(d => d.GetProperty("threads").Ints()).ToArray();
        Assert.Equal(inCycles.Distinct().Count(), inCycles.Length);
    }

    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void EveryTellerInACycleHoldsTheAccountTheNextOneWaitsFor(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        foreach (var deadlock in dump.Deadlocks)
        {
            foreach (var edge in deadlock.GetProperty("edges").EnumerateArray())
            {
                var holder = dump.ThreadWithId(edge.GetProperty("heldBy").GetInt32());
                Assert.Contains(edge.Str("waitsFor"), holder.GetProperty("holds").Strings());
                Assert.Equal("blocked", holder.Str("state"));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void TransferFramesPointAtTheTellerSource(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        var teller = dump.ThreadWithId(dump.Deadlocks.First().GetProperty("threads").Ints()[0]);
        var transfer = teller.GetProperty("frames").EnumerateArray()
            .First(f => f.Str("method")!.StartsWith("Bank.Teller.Transfer(", StringComparison.Ordinal));

        Assert.Equal("BankTransfer.dll", transfer.Str("module"));
        Assert.EndsWith(".cs", transfer.Str("file"));
        Assert.True(transfer.GetProperty("line").GetInt32() > 0);
    }
}
