using DumpLock.Analysis;
using DumpLock.Model;
using DumpLock.Reporting;

namespace DumpLock.Core.Tests;

/// <summary>Thread-pool starvation: queued work, and every worker blocked — not idle, running or unknown.</summary>
public sealed class StarvationTests
{
    private static readonly Wait s_result = new(WaitKind.Task, ObjectAddress: 0x7f00, Timed: false) { TaskProgress = TaskProgress.NotRunning };

    private static SnapshotBuilder TwoWorkersBlockedInHandlers() => new SnapshotBuilder()
        .Thread(201, ".NET TP Worker").PoolWorker().WaitsFor(s_result)
            .Frame("System.Threading.Tasks.Task.InternalWait(Int32, System.Threading.CancellationToken)", "System.Private.CoreLib.dll")
            .Frame("Shop.Orders.Load()", "Shop.dll", "/src/Shop/Orders.cs", 30)
        .Thread(202, ".NET TP Worker").PoolWorker().WaitsFor(s_result)
            .Frame("System.Threading.Tasks.Task.InternalWait(Int32, System.Threading.CancellationToken)", "System.Private.CoreLib.dll")
            .Frame("Shop.Orders.Load()", "Shop.dll", "/src/Shop/Orders.cs", 30);

    [Fact]
    public void EveryWorkerBlockedWithWorkQueuedIsStarvationWithExitCode1()
    {
        // Given
        Snapshot snapshot = TwoWorkersBlockedInHandlers().Pool(maxThreads: 2, queuedWorkItems: 20).Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Equal(Verdict.Starvation, findings.Verdict);
        Assert.Equal(ExitCode.HangFound, findings.ExitCode);
        ThreadPoolStarvation starvation = findings.Starvation!;
        Assert.Equal(new[] { 201, 202 }, starvation.BlockedWorkers);
        Assert.Equal(20, starvation.QueuedWorkItems);
        BlockingSite site = Assert.Single(starvation.Sites);
        Assert.Equal("Shop.Orders.Load()", site.Frame!.Method);
        Assert.Equal(30, site.Frame.Line);
        Assert.Equal(new[] { 201, 202 }, site.Threads);
    }

    [Fact]
    public void AnIdleWorkerMeansThePoolCanRunItsQueue()
    {
        // Given
        Snapshot snapshot = TwoWorkersBlockedInHandlers()
            .Thread(203, ".NET TP Worker").PoolWorker(idle: true).WaitsFor(new Wait(WaitKind.Other, Timed: true) { Activity = WaitActivity.IdlePoolWorker })
            .Pool(maxThreads: 3, queuedWorkItems: 20).Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Null(findings.Starvation);
        Assert.NotEqual(Verdict.Starvation, findings.Verdict);
    }

    [Fact]
    public void AWorkerThatMayBeRunningMeansNoClaim()
    {
        // Given: 203's state is unknown (stopped in native code no reader recognised).
        Snapshot snapshot = TwoWorkersBlockedInHandlers().Thread(203).PoolWorker().Running().Pool(maxThreads: 3, queuedWorkItems: 20).Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Null(findings.Starvation);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(null)]
    public void WithoutQueuedWorkBlockedWorkersAreNotStarvation(int? queued)
    {
        // Given
        Snapshot snapshot = TwoWorkersBlockedInHandlers().Pool(maxThreads: 2, queuedWorkItems: queued).Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Null(findings.Starvation);
        Assert.Equal(Verdict.Blocked, findings.Verdict);
    }

    [Fact]
    public void ADeadlockOutranksStarvation()
    {
        // Given
        Snapshot snapshot = TwoWorkersBlockedInHandlers()
            .Thread(101).Holds("L1").WaitsForLock("L2")
            .Thread(102).Holds("L2").WaitsForLock("L1")
            .Pool(maxThreads: 2, queuedWorkItems: 5).Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Equal(Verdict.Deadlock, findings.Verdict);
        Assert.NotNull(findings.Starvation);
    }

    [Fact]
    public void TextReportStartsWithTheStarvationTheCallSiteAndWhatToDo()
    {
        // Given
        Snapshot snapshot = TwoWorkersBlockedInHandlers().Pool(maxThreads: 2, queuedWorkItems: 20).Build();
        var output = new StringWriter();

        // When
        new TextReporter().Write(snapshot, WaitForGraph.Analyze(snapshot), output);

        // Then
        string text = output.ToString();
        string[] lines = text.Split('\n');
        Assert.Equal("Verdict: starvation. All 2 thread-pool workers (maximum 2) are blocked, and 20", lines[1]);
        Assert.Equal("work items wait in the pool's queues.", lines[2]);
        Assert.Equal("Code to fix:", lines[3]);
        Assert.Equal("    at Shop.Orders.Load()", lines[4]);
        Assert.Equal("       in /src/Shop/Orders.cs:30", lines[5]);
        Assert.StartsWith("Stop blocking on async code there", lines[7]);
        Assert.Contains("""
            Thread-pool starvation:
            =======================
            Where the workers block:
              2 × Shop.Orders.Load() at /src/Shop/Orders.cs:30
                  waiting for task <0x7f00> (not running on any thread)

            """, text);
    }
}
