namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// A lock held across Task.Wait on a task that needs that lock, and the classic sync-over-async
/// deadlock on a single-threaded SynchronizationContext.
/// </summary>
public sealed class TaskDeadlockTests(TaskDeadlockDumps dumps) : IClassFixture<TaskDeadlockDumps>
{
    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void HolderAndThePoolThreadRunningItsTaskDeadlock(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        Assert.True(dump.Json.ExitCode == 1, dump.Json.ToString());
        var deadlock = dump.Deadlocks.Single(d => d.GetProperty("threads").Ints().Contains(dump.TidOf("holder")));
        JsonAssert.IsRing(deadlock);
        var taskEdge = deadlock.GetProperty("edges").EnumerateArray().Single(e => e.GetProperty("from").GetInt32() == dump.TidOf("holder"));
        int poolThread = taskEdge.GetProperty("heldBy").GetInt32();
        var waitingFor = dump.ThreadNamed("holder").GetProperty("waitingFor");

        Assert.StartsWith("task:0x", taskEdge.Str("waitsFor"));
        Assert.Equal("task", waitingFor.Str("kind"));
        Assert.Equal(taskEdge.Str("waitsFor"), $"task:{waitingFor.Str("taskAddress")}");
        Assert.Equal(poolThread, waitingFor.GetProperty("runnerOsThreadId").GetInt32());
        Assert.True(dump.ThreadWithId(poolThread).GetProperty("isThreadPool").GetBoolean());
        Assert.Equal("TaskDeadlock.Registry", dump.LockWithId(dump.ThreadWithId(poolThread).GetProperty("waitingFor").Str("lockId")!).Str("objectType"));
    }

    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void UiThreadBlockedOnItsOwnContextsContinuationIsACycleOfOne(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        int ui = dump.TidOf("ui");
        var deadlock = dump.Deadlocks.Single(d => d.GetProperty("threads").Ints().Contains(ui));
        var edge = Assert.Single(deadlock.GetProperty("edges").EnumerateArray());

        Assert.Equal([ui], deadlock.GetProperty("threads").Ints());
        Assert.Equal(ui, edge.GetProperty("heldBy").GetInt32());
        var waitingFor = dump.ThreadNamed("ui").GetProperty("waitingFor");
        Assert.Equal(("queuedToWaitersContext", "TaskDeadlock.SingleThreadContext"), (waitingFor.Str("taskProgress"), waitingFor.Str("contextType")));
        Assert.Contains("TaskDeadlock.SingleThreadContext", waitingFor.Str("description"));
    }
}
