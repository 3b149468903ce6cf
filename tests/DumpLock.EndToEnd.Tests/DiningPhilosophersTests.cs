namespace DumpLock.EndToEnd.Tests;

/// <summary>Five philosophers each hold their left fork and wait for their right: one cycle of five.</summary>
public sealed class DiningPhilosophersTests(DiningPhilosophersDumps dumps) : IClassFixture<DiningPhilosophersDumps>
{
    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void AllFivePhilosophersFormOneCycle(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        Assert.True(dump.Json.ExitCode == 1, dump.Json.ToString());
        var deadlock = Assert.Single(dump.Deadlocks);
        JsonAssert.IsRing(deadlock);
        string?[] names = deadlock.GetProperty("threads").Ints().Select(dump.NameOf).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"philosopher-{i}"), names);
    }

    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void PhilosopherIWaitsForTheForkHeldByPhilosopherIPlusOne(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        for (int i = 0; i < 5; i++)
        {
            var philosopher = dump.ThreadNamed($"philosopher-{i}");
            var next = dump.ThreadNamed($"philosopher-{(i + 1) % 5}");
            var fork = dump.LockWithId(philosopher.GetProperty("waitingFor").Str("lockId")!);

            Assert.Equal("Dining.Fork", fork.Str("objectType"));
            Assert.Equal([next.GetProperty("osThreadId").GetInt32()], fork.GetProperty("owners").Ints());
        }
    }

    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void TextReportNamesAFiveThreadDeadlock(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        Assert.Contains("Found one deadlock (5 threads):", dump.Text.StdOut);
        string deadlock = GoldenText.Paragraph(dump.Text.StdOut, "Found one deadlock");
        Assert.Equal(5, deadlock.Split('\n').Count(l => l.Contains("(a Dining.Fork),", StringComparison.Ordinal)));
    }
}
