namespace DumpLock.EndToEnd.Tests;

/// <summary>Negative control: four workers contend for one lock and keep making progress.</summary>
public sealed class ContentionTests(ContentionDumps dumps) : IClassFixture<ContentionDumps>
{
    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void HeavyContentionIsNotADeadlock(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        Assert.True(dump.Json.ExitCode == 0, dump.Json.ToString());
        Assert.Empty(dump.Deadlocks);
        Assert.NotEqual("deadlock", dump.Report.GetProperty("summary").Str("verdict"));
        Assert.Equal(0, dump.Text.ExitCode);
        Assert.EndsWith("No deadlock found.\n", dump.Text.StdOut);
    }

    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void AnyWorkerWaitingForTheGateWaitsForAWorkerThatIsNotBlocked(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        foreach (var worker in dump.Threads.Where(t => t.Str("name")?.StartsWith("worker-", StringComparison.Ordinal) == true
            && t.Str("state") == "blocked"))
        {
            var gate = dump.LockWithId(worker.GetProperty("waitingFor").Str("lockId")!);
            Assert.Equal("Contention.Counter", gate.Str("objectType"));
            Assert.All(gate.GetProperty("owners").Ints(), owner => Assert.NotEqual("blocked", dump.ThreadWithId(owner).Str("state")));
        }
    }
}
