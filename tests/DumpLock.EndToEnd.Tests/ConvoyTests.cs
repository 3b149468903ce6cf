namespace DumpLock.EndToEnd.Tests;

/// <summary>A holder sleeps inside a lock; eight waiters queue behind it. A hang, but no cycle.</summary>
public sealed class ConvoyTests(ConvoyDumps dumps) : IClassFixture<ConvoyDumps>
{
    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void OneBlockingChainRootedAtTheSleepingHolder(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        Assert.True(dump.Json.ExitCode == 0, dump.Json.ToString());
        Assert.Empty(dump.Deadlocks);
        Assert.Equal("blocked", dump.Report.GetProperty("summary").Str("verdict"));
        var chain = Assert.Single(dump.Report.GetProperty("blockingChains").EnumerateArray());

        Assert.Equal("holder", dump.NameOf(chain.GetProperty("rootThread").GetInt32()));
        Assert.Equal("waiting", chain.Str("rootState"));
        string?[] blocked = chain.GetProperty("blockedThreads").Ints().Select(dump.NameOf).Order().ToArray();
        Assert.Equal(Enumerable.Range(1, 8).Select(i => $"waiter-{i}").Order(), blocked);
    }

    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void TheResourceIsHeldOnceByTheHolderWithEightWaiters(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        var holder = dump.ThreadNamed("holder");
        var resource = dump.LockWithId(holder.GetProperty("holds").Strings().Single());

        Assert.Equal("Convoy.Resource", resource.Str("objectType"));
        Assert.Equal([holder.GetProperty("osThreadId").GetInt32()], resource.GetProperty("owners").Ints());
        Assert.Equal(1, resource.GetProperty("recursion").GetInt32());
        Assert.Equal(8, resource.GetProperty("waiters").Ints().Length);
        Assert.Equal("waiting", holder.Str("state"));
    }

    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void TextReportNamesTheRootAndTheEightWaiters(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        Assert.Contains("Blocking chain rooted at \"holder\"", dump.Text.StdOut);
        Assert.Contains("8 threads wait behind it", dump.Text.StdOut);
        Assert.EndsWith("No deadlock found.\n", dump.Text.StdOut);
    }
}
