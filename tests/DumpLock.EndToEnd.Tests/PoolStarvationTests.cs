using System.Text.Json;

namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// Sync over async starves a console app's capped thread pool: every worker blocks in
/// GetAwaiter().GetResult() inside Orders.Load while the continuations wait in the queue.
/// </summary>
public sealed class PoolStarvationTests(PoolStarvationDumps dumps) : IClassFixture<PoolStarvationDumps>
{
    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void VerdictIsStarvationWithExitCode1(string runtime)
    {
        ScenarioDump dump = dumps[runtime];

        Assert.True(dump.Json.ExitCode == 1, dump.Json.ToString());
        Assert.Equal("starvation", dump.Report.GetProperty("summary").Str("verdict"));
        Assert.Empty(dump.Deadlocks);
    }

    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void ThreadPoolShowsEveryWorkerBlockedAndTheQueuedWork(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        JsonElement pool = dump.Report.GetProperty("threadPool");
        int workers = pool.GetProperty("threadCount").GetInt32();

        Assert.True(pool.GetProperty("starved").GetBoolean());
        Assert.Equal(pool.GetProperty("maxThreads").GetInt32(), workers);
        Assert.Equal(workers, pool.GetProperty("blockedThreadCount").GetInt32());
        // 20 work items, minus the ones the workers run, plus one continuation per blocked worker.
        Assert.Equal(20, pool.GetProperty("queuedWorkItems").GetInt32());
        var site = Assert.Single(pool.GetProperty("blockingSites").EnumerateArray());
        Assert.Equal("PoolStarvation.Orders.Load()", site.Str("method"));
        Assert.EndsWith(Path.Combine("dumps-fixtures", "PoolStarvation", "Program.cs"), site.Str("file"));
        Assert.Equal(workers, site.GetProperty("threads").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void TextReportSaysItFirstWithTheLineToFixAndWhatToDo(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        string[] lines = dump.Text.StdOut.Split('\n');

        Assert.Equal(1, dump.Text.ExitCode);
        Assert.Matches(@"^Verdict: starvation\. All \d+ thread-pool workers \(maximum \d+\) are blocked, and 20 work items wait in the pool's queues\. Code to fix: ",
            GoldenText.Flat(GoldenText.Paragraph(dump.Text.StdOut, "Verdict: ")));
        int codeToFix = Array.IndexOf(lines, "Code to fix:");
        Assert.Equal("    at PoolStarvation.Orders.Load()", lines[codeToFix + 1]);
        Assert.Matches(@"^       in .*/dumps-fixtures/PoolStarvation/Program\.cs:\d+$", lines[codeToFix + 2]);
        Assert.Matches(@"^  \d+ × PoolStarvation\.Orders\.Load\(\) at .*/dumps-fixtures/PoolStarvation/Program\.cs:\d+$",
            lines.SkipWhile(l => l != "Where the workers block:").ElementAt(1));
        Assert.Contains("A larger pool only delays the hang.", dump.Text.StdOut);
    }
}

/// <summary>Negative control: the same pool once its cap is lifted and every work item has run.</summary>
public sealed class PoolRecoveredTests(PoolRecoveredDumps dumps) : IClassFixture<PoolRecoveredDumps>
{
    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void ARecoveredPoolIsNotStarved(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        JsonElement pool = dump.Report.GetProperty("threadPool");

        Assert.True(dump.Json.ExitCode == 0, dump.Json.ToString());
        Assert.False(pool.GetProperty("starved").GetBoolean());
        Assert.Equal(0, pool.GetProperty("queuedWorkItems").GetInt32());
        Assert.Equal(0, pool.GetProperty("blockedThreadCount").GetInt32());
        // Its workers are back in the pool's semaphore, whose frames differ on .NET 11.
        Assert.Equal(pool.GetProperty("threadCount").GetInt32(), pool.GetProperty("idleThreadCount").GetInt32());
    }
}

/// <summary>Negative control: every worker busy with CPU-bound work while more waits in the queue.</summary>
public sealed class PoolBusyTests(PoolBusyDumps dumps) : IClassFixture<PoolBusyDumps>
{
    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void ABusyPoolWithQueuedWorkIsNotStarvedAndDrainsOnceReleased(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        JsonElement pool = dump.Report.GetProperty("threadPool");

        Assert.True(dump.Json.ExitCode == 0, dump.Json.ToString());
        Assert.NotEqual("starvation", dump.Report.GetProperty("summary").Str("verdict"));
        Assert.False(pool.GetProperty("starved").GetBoolean());
        Assert.Equal(10, pool.GetProperty("queuedWorkItems").GetInt32());
        Assert.Equal(0, pool.GetProperty("blockedThreadCount").GetInt32());
        Assert.True(dump.FinishedAfterRelease, "the busy pool did not drain its queue once released");
    }
}
