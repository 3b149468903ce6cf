using System.Text.Json;

namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// Hangs with no blocked thread: async flows suspended for good. Found by a heap walk, shown as
/// logical async stacks with the line of each await.
/// </summary>
public sealed class AsyncLockOrderTests(AsyncLockOrderDumps dumps) : IClassFixture<AsyncLockOrderDumps>
{
    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void TwoFlowsEachHoldingTheSemaphoreTheOtherAwaitsAreADeadlock(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        var deadlock = Assert.Single(dump.Deadlocks);
        string[] flows = deadlock.GetProperty("asyncFlows").Strings();

        Assert.True(dump.Json.ExitCode == 1, dump.Json.ToString());
        Assert.Empty(deadlock.GetProperty("threads").EnumerateArray());
        Assert.Equal(2, flows.Length);
        foreach (string id in flows)
        {
            JsonElement flow = Flow(dump, id);
            JsonElement awaiting = flow.GetProperty("awaiting");
            string held = Assert.Single(flow.GetProperty("holds").Strings());
            Assert.Equal("semaphore", awaiting.Str("kind"));
            Assert.Equal(0, awaiting.GetProperty("count").GetInt32());
            Assert.NotEqual(held, awaiting.Str("lockId"));
            Assert.Equal([flows.Single(f => f != id)], dump.LockWithId(awaiting.Str("lockId")!).GetProperty("owners").Strings());
        }
    }

    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void EachFlowIsSuspendedAtTheLineOfItsSecondWaitAsync(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        foreach (string id in Assert.Single(dump.Deadlocks).GetProperty("asyncFlows").Strings())
        {
            JsonElement top = Flow(dump, id).GetProperty("frames")[0];
            Assert.Equal("AsyncLockOrder.Bank.TransferAsync", top.Str("method"));
            Assert.EndsWith(Path.Combine("dumps-fixtures", "AsyncLockOrder", "Program.cs"), top.Str("file"));
            Assert.Equal(LineOf("AsyncLockOrder", "await second.WaitAsync();"), top.GetProperty("line").GetInt32());
        }
        Assert.Contains("Found one deadlock (2 async flows):", dump.Text.StdOut);
    }

    internal static JsonElement Flow(ScenarioDump dump, string id) =>
        dump.Report.GetProperty("asyncFlows").EnumerateArray().Single(f => f.Str("id") == id);

    /// <summary>The 1-based line of a scenario's code (not its comments) that holds <paramref name="code"/>, read from the file itself.</summary>
    internal static int LineOf(string scenario, string code) =>
        Array.FindIndex(File.ReadAllLines(Path.Combine(RepoPaths.Root, "dumps-fixtures", scenario, "Program.cs")),
            l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal) && l.Contains(code, StringComparison.Ordinal)) + 1;
}

public sealed class AwaitCycleTests(AwaitCycleDumps dumps) : IClassFixture<AwaitCycleDumps>
{
    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void TwoMethodsAwaitingEachOthersTaskAreADeadlock(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        var deadlock = Assert.Single(dump.Deadlocks);
        string[] flows = deadlock.GetProperty("asyncFlows").Strings();

        Assert.True(dump.Json.ExitCode == 1, dump.Json.ToString());
        Assert.Equal(2, flows.Length);
        string[] methods = flows.Select(id => AsyncLockOrderTests.Flow(dump, id).GetProperty("frames")[0].Str("method")!).Order().ToArray();
        Assert.Equal(new[] { "AwaitCycle.Reports.LoadAsync", "AwaitCycle.Totals.LoadAsync" }, methods);
        Assert.All(flows, id =>
        {
            JsonElement awaiting = AsyncLockOrderTests.Flow(dump, id).GetProperty("awaiting");
            Assert.Equal("asyncFlow", awaiting.Str("kind"));
            Assert.Equal(flows.Single(f => f != id), awaiting.Str("id"));
        });
    }
}

/// <summary>Negative control: a hundred flows awaiting a timer and one awaiting a socket read are not a hang.</summary>
public sealed class AsyncIdleTests(AsyncIdleDumps dumps) : IClassFixture<AsyncIdleDumps>
{
    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void FlowsAwaitingATimerOrIOAreNoHangAndCompleteOnceReleased(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        var flows = dump.Report.GetProperty("asyncFlows").EnumerateArray().ToList();
        JsonElement pollers = flows.Single(f => f.GetProperty("frames")[0].Str("method") == "AsyncIdle.Pollers.PollAsync");
        JsonElement reader = flows.Single(f => f.GetProperty("frames")[0].Str("method") == "AsyncIdle.Pollers.ReadAsync");

        Assert.True(dump.Json.ExitCode == 0, dump.Json.ToString());
        Assert.Empty(dump.Deadlocks);
        Assert.Equal(100, pollers.GetProperty("count").GetInt32());
        Assert.Equal("timer", pollers.GetProperty("awaiting").Str("kind"));
        Assert.Contains("timer", pollers.GetProperty("awaiting").Str("description"));
        Assert.Equal(AsyncLockOrderTests.LineOf("AsyncIdle", "await Task.Delay("), pollers.GetProperty("frames")[0].GetProperty("line").GetInt32());
        Assert.Equal("io", reader.GetProperty("awaiting").Str("kind"));
        Assert.True(dump.FinishedAfterRelease, "the flows did not complete once released");
    }
}
