namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// A static constructor that waits for a thread (Join) or a task (Task.Run(…).Wait()) which needs
/// its own class: the other thread waits in the runtime's class initialisation, a cycle of two.
/// </summary>
public sealed class TypeInitDeadlockTests(TypeInitJoinDumps joins, TypeInitTaskDumps tasks)
    : IClassFixture<TypeInitJoinDumps>, IClassFixture<TypeInitTaskDumps>
{
    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void ConstructorJoiningTheThreadThatNeedsItsClassIsADeadlock(string runtime)
    {
        ScenarioDump dump = joins[runtime];
        var deadlock = Assert.Single(dump.Deadlocks);
        var waitingFor = dump.ThreadNamed("loader").GetProperty("waitingFor");

        Assert.True(dump.Json.ExitCode == 1, dump.Json.ToString());
        Assert.Equal(new string?[] { "initializer", "loader" }, dump.NamesIn(deadlock));
        JsonAssert.IsRing(deadlock);
        Assert.Equal("typeInitializer", waitingFor.Str("kind"));
        Assert.Equal("TypeInitDeadlock.Catalog", waitingFor.Str("objectType"));
        Assert.Equal(dump.TidOf("initializer"), waitingFor.GetProperty("osThreadId").GetInt32());
        Assert.Contains(deadlock.GetProperty("edges").EnumerateArray(), e => e.Str("waitsFor") == "typeInitializer:TypeInitDeadlock.Catalog");
    }

    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void ConstructorWaitingForATaskThatNeedsItsClassIsADeadlock(string runtime)
    {
        ScenarioDump dump = tasks[runtime];
        var deadlock = Assert.Single(dump.Deadlocks);
        int initializer = dump.TidOf("initializer");
        int poolThread = deadlock.GetProperty("threads").Ints().Single(t => t != initializer);

        Assert.True(dump.Json.ExitCode == 1, dump.Json.ToString());
        Assert.True(dump.ThreadWithId(poolThread).GetProperty("isThreadPool").GetBoolean());
        Assert.Equal("TypeInitDeadlock.Settings", dump.ThreadWithId(poolThread).GetProperty("waitingFor").Str("objectType"));
        Assert.Contains("waiting for the static constructor of TypeInitDeadlock.Settings, which runs on \"initializer\"", dump.Text.StdOut);
    }
}
