namespace DumpLock.EndToEnd.Tests;

/// <summary>joiner holds the journal and joins worker; worker waits for the journal.</summary>
public sealed class JoinDeadlockTests(JoinDeadlockDumps dumps) : IClassFixture<JoinDeadlockDumps>
{
    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void LockAndJoinFormOneCycleThroughTheJoinedThread(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        Assert.True(dump.Json.ExitCode == 1, dump.Json.ToString());
        var deadlock = Assert.Single(dump.Deadlocks);
        JsonAssert.IsRing(deadlock);
        Assert.Equal(new string?[] { "joiner", "worker" }, dump.NamesIn(deadlock));
        var edges = deadlock.GetProperty("edges").EnumerateArray().ToList();
        var join = edges.Single(e => e.GetProperty("from").GetInt32() == dump.TidOf("joiner"));
        var journal = edges.Single(e => e.GetProperty("from").GetInt32() == dump.TidOf("worker"));

        Assert.Equal($"thread:{dump.TidOf("worker")}", join.Str("waitsFor"));
        Assert.Equal("JoinDeadlock.Journal", dump.LockWithId(journal.Str("waitsFor")!).Str("objectType"));
        Assert.Equal("thread", dump.ThreadNamed("joiner").GetProperty("waitingFor").Str("kind"));
    }
}
