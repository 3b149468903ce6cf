namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// A reader queued behind a waiting writer: ReaderWriterLockSlim grants no new read lock while a
/// writer waits, so the late reader waits for the writer, which waits for the reader inside.
/// </summary>
public sealed class RwWriterQueueTests(RwWriterQueueDumps dumps) : IClassFixture<RwWriterQueueDumps>
{
    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void ReaderQueuedBehindAWaitingWriterClosesTheCycle(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        var deadlock = Assert.Single(dump.Deadlocks);
        var queued = deadlock.GetProperty("edges").EnumerateArray().Single(e => e.GetProperty("from").GetInt32() == dump.TidOf("late-reader"));

        Assert.True(dump.Json.ExitCode == 1, dump.Json.ToString());
        Assert.Equal(new string?[] { "late-reader", "reader", "writer" }, dump.NamesIn(deadlock));
        JsonAssert.IsRing(deadlock);
        Assert.Equal(dump.TidOf("writer"), queued.GetProperty("heldBy").GetInt32());
        Assert.Equal("read", dump.ThreadNamed("late-reader").GetProperty("waitingFor").Str("mode"));
    }
}

/// <summary>An async method awaiting a SemaphoreSlim(1, 1) it already holds: a deadlock of one flow.</summary>
public sealed class AsyncReentrantTests(AsyncReentrantDumps dumps) : IClassFixture<AsyncReentrantDumps>
{
    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void AFlowAwaitingTheAsyncLockItHoldsIsADeadlockOfOne(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        var deadlock = Assert.Single(dump.Deadlocks);
        string flow = Assert.Single(deadlock.GetProperty("asyncFlows").Strings());
        var frames = AsyncLockOrderTests.Flow(dump, flow).GetProperty("frames").EnumerateArray().Select(f => f.Str("method")).ToArray();

        Assert.True(dump.Json.ExitCode == 1, dump.Json.ToString());
        Assert.Equal(new[] { "AsyncReentrant.Store.FlushAsync", "AsyncReentrant.Store.SaveAsync" }, frames);
        var edge = Assert.Single(deadlock.GetProperty("edges").EnumerateArray());
        Assert.Equal(flow, edge.GetProperty("from").GetString());
        Assert.Equal(flow, edge.GetProperty("heldBy").GetString());
    }
}
