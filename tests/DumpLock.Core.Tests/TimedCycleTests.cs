using DumpLock.Analysis;
using DumpLock.Model;

namespace DumpLock.Core.Tests;

/// <summary>
/// A wait with a timeout ends by itself: a cycle through one is a lock-order bug, not a deadlock.
/// A cycle through a wait whose timeout could not be read is neither: the verdict is inconclusive.
/// </summary>
public sealed class TimedCycleTests
{
    [Fact]
    public void CycleThroughATryEnterWithATimeoutIsATimedCycleNotADeadlock()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(101, "a").Holds("L1").WaitsForLock("L2", timed: true)
            .Thread(102, "b").Holds("L2").WaitsForLock("L1", timed: true)
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Empty(findings.Deadlocks);
        Deadlock cycle = Assert.Single(findings.TimedCycles);
        Assert.Equal(new[] { 101, 102 }, cycle.Threads);
        Assert.All(cycle.Edges, e => Assert.True(e.Timed));
        Assert.Equal(Verdict.Blocked, findings.Verdict);
        Assert.Equal(ExitCode.NoHangFound, findings.ExitCode);
    }

    [Fact]
    public void OneTimedWaitIsEnoughToEndTheCycle()
    {
        // Given: 101 waits forever, 102 with a timeout.
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(101).Holds("L1").WaitsForLock("L2")
            .Thread(102).Holds("L2").WaitsForLock("L1", timed: true)
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Empty(findings.Deadlocks);
        Assert.Single(findings.TimedCycles);
    }

    [Fact]
    public void AForeverCycleBesideATimedOneIsStillADeadlock()
    {
        // Given: 101 ↔ 102 forever; 103 ↔ 104 with a timeout.
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(101).Holds("L1").WaitsForLock("L2")
            .Thread(102).Holds("L2").WaitsForLock("L1")
            .Thread(103).Holds("L3").WaitsForLock("L4", timed: true)
            .Thread(104).Holds("L4").WaitsForLock("L3")
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Equal(new[] { 101, 102 }, Assert.Single(findings.Deadlocks).Threads);
        Assert.Equal(new[] { 103, 104 }, Assert.Single(findings.TimedCycles).Threads);
        Assert.Equal(Verdict.Deadlock, findings.Verdict);
    }

    [Fact]
    public void CycleThroughAWaitOfUnknownTimeoutIsInconclusive()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(101).Holds("L1").WaitsForLock("L2", timed: null)
            .Thread(102).Holds("L2").WaitsForLock("L1")
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Empty(findings.Deadlocks);
        Assert.Null(Assert.Single(findings.TimedCycles).Edges.Single(e => e.From == 101).Timed);
        Assert.Equal(Verdict.Inconclusive, findings.Verdict);
        Assert.Equal(ExitCode.Inconclusive, findings.ExitCode);
    }

    [Fact]
    public void JoiningAThreadBehindATimedCycleIsBlockedBehindIt()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(100).Joins(101)
            .Thread(101).Holds("L1").WaitsForLock("L2", timed: true)
            .Thread(102).Holds("L2").WaitsForLock("L1", timed: true)
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Equal(new[] { 100 }, Assert.Single(findings.TimedCycles).BlockedBehind);
        Assert.Empty(findings.BlockingChains);
    }
}
