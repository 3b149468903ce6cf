using DumpLock.Analysis;
using DumpLock.Model;
using DumpLock.Reporting;

namespace DumpLock.Core.Tests;

/// <summary>Threads in report order: the ones that explain the verdict alone, then identical stacks merged.</summary>
public sealed class ThreadGroupTests
{
    private static SnapshotBuilder DeadlockAmongIdleWorkers()
    {
        SnapshotBuilder builder = BankScenario.TwoTellersDeadlock();
        for (int i = 1; i <= 6; i++)
        {
            builder.Thread(300 + i, ".NET TP Worker").Sleeps().Frame("System.Threading.Thread.Sleep(Int32)", BankScenario.CoreLib);
        }
        return builder.Thread(400, "reporter").Sleeps().Frame("Bank.Reporter.Run()", "Bank.dll", "/src/Bank/Reporter.cs", 9);
    }

    [Fact]
    public void DeadlockedThreadsComeAloneThenGroupsLargestFirst()
    {
        // Given
        Snapshot snapshot = DeadlockAmongIdleWorkers().Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then: the tellers alone; main (blocked behind them, a join) before the idle groups; six identical workers as one.
        Assert.Equal(
            new[] { "101", "102", "100", "301,302,303,304,305,306", "400" },
            findings.ThreadGroups.Select(g => string.Join(",", g.Threads)));
        Assert.Equal(new[] { true, true, false, false, false }, findings.ThreadGroups.Select(g => g.Matters));
    }

    [Fact]
    public void StacksThatDifferInALineOrALockAreNotMerged()
    {
        // Given: the same method at two lines, and the same line holding two different locks.
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(1).Sleeps().Frame("A.Run()", "A.dll", "/a.cs", 10)
            .Thread(2).Sleeps().Frame("A.Run()", "A.dll", "/a.cs", 11)
            .Thread(3).Holds("L1").Sleeps().Frame("A.Run()", "A.dll", "/a.cs", 10).Annotate(AnnotationKind.Locked, "L1")
            .Thread(4).Holds("L2").Sleeps().Frame("A.Run()", "A.dll", "/a.cs", 10).Annotate(AnnotationKind.Locked, "L2")
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.All(findings.ThreadGroups, g => Assert.Single(g.Threads));
    }

    [Fact]
    public void TextReportShowsAGroupOnceAndAllThreadsShowsEach()
    {
        // Given
        Snapshot snapshot = DeadlockAmongIdleWorkers().Build();

        // When
        string merged = Report(snapshot, allThreads: false);
        string all = Report(snapshot, allThreads: true);

        // Then
        Assert.Contains("""
            6 threads with this stack:
                ".NET TP Worker" (tid 301), ".NET TP Worker" (tid 302), ".NET TP Worker"
                (tid 303) and 3 more
               sleeping (Thread.Sleep)
                at System.Threading.Thread.Sleep(Int32)

            """, merged);
        Assert.Equal(1, Count(merged, "    at System.Threading.Thread.Sleep(Int32)\n"));
        Assert.Equal(6, Count(all, "    at System.Threading.Thread.Sleep(Int32)\n"));
        Assert.Contains("\".NET TP Worker\" (tid 306)\n   sleeping (Thread.Sleep)\n", all);
    }

    [Fact]
    public void CodeToFixIsTheProgramsFrameWhereTheDeadlockedThreadsWait()
    {
        // Given
        Snapshot snapshot = DeadlockAmongIdleWorkers().Build();

        // When
        BlockingSite site = Assert.Single(WaitForGraph.Analyze(snapshot).CodeToFix);

        // Then: past the runtime's Monitor frames, at the line both tellers wait on.
        Assert.Equal((BankScenario.Transfer, BankScenario.TellerFile, 42), (site.Frame!.Method, site.Frame.File, site.Frame.Line));
        Assert.Equal(new[] { 101, 102 }, site.Threads);
    }

    private static string Report(Snapshot snapshot, bool allThreads)
    {
        var output = new StringWriter { NewLine = "\n" };
        new TextReporter(allThreads).Write(snapshot, WaitForGraph.Analyze(snapshot), output);
        return output.ToString();
    }

    private static int Count(string text, string part) => text.Split(part).Length - 1;
}
