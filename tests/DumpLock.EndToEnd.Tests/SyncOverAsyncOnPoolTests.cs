namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// Negative control: a thread with a SynchronizationContext blocks on .Result, but the awaited
/// method used ConfigureAwait(false): its continuation waits in the thread pool's queue, not in
/// the blocked thread's context. Not a cycle of one; the scenario finishes once the pool is freed.
/// </summary>
public sealed class SyncOverAsyncOnPoolTests(SyncOverAsyncOnPoolDumps dumps) : IClassFixture<SyncOverAsyncOnPoolDumps>
{
    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void TheBlockedThreadIsNotACycleOfOneAndFinishesOnceThePoolRuns(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        var waitingFor = dump.ThreadNamed("ui").GetProperty("waitingFor");

        Assert.Empty(dump.Deadlocks);
        // What holds ui up is the capped pool, whose every worker waits at the gate: starvation.
        Assert.Equal("starvation", dump.Report.GetProperty("summary").Str("verdict"));
        Assert.Equal("task", waitingFor.Str("kind"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, waitingFor.GetProperty("runnerOsThreadId").ValueKind);
        Assert.Equal("queuedToThreadPool", waitingFor.Str("taskProgress"));
        Assert.Contains("queued to the thread pool", waitingFor.Str("description"));
        Assert.True(dump.FinishedAfterRelease, "ui did not finish once the pool workers were released");
    }
}
