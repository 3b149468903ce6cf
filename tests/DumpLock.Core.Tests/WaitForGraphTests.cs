using DumpLock.Analysis;
using DumpLock.Model;
using ThreadState = DumpLock.Model.ThreadState;

namespace DumpLock.Core.Tests;

/// <summary>Cycles of the wait-for graph: which threads, in which order, through which edges.</summary>
public sealed class WaitForGraphTests
{
    [Fact]
    public void TwoThreadsTakingLocksInOppositeOrderFormOneCycle()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(101, "teller-1").Holds("L1").WaitsForLock("L2")
            .Thread(102, "teller-2").Holds("L2").WaitsForLock("L1")
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Deadlock deadlock = Assert.Single(findings.Deadlocks);
        Assert.Equal(new[] { 101, 102 }, deadlock.Threads);
        Assert.Equal(new WaitEdge[] { new(101, "L2", 102), new(102, "L1", 101) }, deadlock.Edges);
        Assert.Empty(deadlock.BlockedBehind);
        Assert.Empty(findings.BlockingChains);
        Assert.Equal(Verdict.Deadlock, findings.Verdict);
        Assert.Equal(ExitCode.HangFound, findings.ExitCode);
    }

    [Fact]
    public void ThreeThreadsInARingAreListedInCycleOrderNotInIdOrder()
    {
        // Given: 101 waits for 103, 103 for 102, 102 for 101.
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(103).Holds("L3").WaitsForLock("L2")
            .Thread(102).Holds("L2").WaitsForLock("L1")
            .Thread(101).Holds("L1").WaitsForLock("L3")
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Deadlock deadlock = Assert.Single(findings.Deadlocks);
        Assert.Equal(new[] { 101, 103, 102 }, deadlock.Threads);
        Assert.Equal(new WaitEdge[] { new(101, "L3", 103), new(103, "L2", 102), new(102, "L1", 101) }, deadlock.Edges);
        Assert.Equal(Verdict.Deadlock, findings.Verdict);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(1000)]   // Tarjan is iterative so that a large ring cannot overflow the stack.
    public void PhilosophersEachHoldingOneForkAndWaitingForTheNextFormOneRing(int count)
    {
        // Given: philosopher i holds fork i and waits for fork i + 1; the last waits for fork 1.
        var builder = new SnapshotBuilder();
        for (int i = count; i >= 1; i--)
        {
            builder.Thread(5000 + i, $"philosopher-{i}").Holds($"L{i}").WaitsForLock($"L{i % count + 1}");
        }
        Snapshot snapshot = builder.Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Deadlock deadlock = Assert.Single(findings.Deadlocks);
        Assert.Equal(Enumerable.Range(5001, count), deadlock.Threads);
        Assert.Equal(
            Enumerable.Range(1, count).Select(i => new WaitEdge(5000 + i, $"L{i % count + 1}", 5000 + i % count + 1)),
            deadlock.Edges);
        Assert.Empty(deadlock.BlockedBehind);
        Assert.Equal(Verdict.Deadlock, findings.Verdict);
    }

    [Fact]
    public void DisjointCyclesAreEachReportedOnceInOrderOfTheirLowestThread()
    {
        // Given: a pair (205, 202), a ring (103 → 101 → 102) and an idle thread.
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(205).Holds("L5").WaitsForLock("L4")
            .Thread(202).Holds("L4").WaitsForLock("L5")
            .Thread(103).Holds("L3").WaitsForLock("L1")
            .Thread(102).Holds("L2").WaitsForLock("L3")
            .Thread(101).Holds("L1").WaitsForLock("L2")
            .Thread(300).Running()
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Equal(2, findings.Deadlocks.Length);
        Assert.Equal(new[] { 101, 102, 103 }, findings.Deadlocks[0].Threads);
        Assert.Equal(new WaitEdge[] { new(101, "L2", 102), new(102, "L3", 103), new(103, "L1", 101) }, findings.Deadlocks[0].Edges);
        Assert.Equal(new[] { 202, 205 }, findings.Deadlocks[1].Threads);
        Assert.Equal(new WaitEdge[] { new(202, "L5", 205), new(205, "L4", 202) }, findings.Deadlocks[1].Edges);
        Assert.Empty(findings.BlockingChains);
        Assert.Equal(ExitCode.HangFound, findings.ExitCode);
    }

    [Fact]
    public void ThreadsWaitingDirectlyOrNotForACycleAreBlockedBehindIt()
    {
        // Given: 104 joins 103, which waits for a lock of the cycle; 105 sleeps apart.
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(104, "main").Joins(103)
            .Thread(103, "teller-3").WaitsForLock("L1")
            .Thread(101, "teller-1").Holds("L1").WaitsForLock("L2")
            .Thread(102, "teller-2").Holds("L2").WaitsForLock("L1")
            .Thread(105, "auditor").Sleeps()
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Deadlock deadlock = Assert.Single(findings.Deadlocks);
        Assert.Equal(new[] { 101, 102 }, deadlock.Threads);
        Assert.Equal(new[] { 103, 104 }, deadlock.BlockedBehind);
        Assert.Empty(findings.BlockingChains);
    }

    [Fact]
    public void ThreadHoldingALockAndJoiningItsWaiterIsADeadlockThroughAThreadEdge()
    {
        // Given: 101 holds L1 and joins 102; 102 waits for L1.
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(101, "main").Holds("L1").Joins(102)
            .Thread(102, "worker").WaitsForLock("L1")
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Deadlock deadlock = Assert.Single(findings.Deadlocks);
        Assert.Equal(new[] { 101, 102 }, deadlock.Threads);
        Assert.Equal(new WaitEdge[] { new(101, "thread:102", 102), new(102, "L1", 101) }, deadlock.Edges);
        Assert.Equal(Verdict.Deadlock, findings.Verdict);
    }

    [Fact]
    public void ThreadJoiningItselfIsADeadlockOfOneThread()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(101, "main").Joins(101)
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Deadlock deadlock = Assert.Single(findings.Deadlocks);
        Assert.Equal(new[] { 101 }, deadlock.Threads);
        Assert.Equal(new WaitEdge[] { new(101, "thread:101", 101) }, deadlock.Edges);
        Assert.Equal(ExitCode.HangFound, findings.ExitCode);
    }

    [Fact]
    public void ThreadHoldingAMonitorRecursivelyIsNotACycle()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(101, "recursor").Holds("L1", recursion: 3).Running()
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Equal(3, snapshot.FindLock("L1")!.Recursion);
        Assert.Empty(findings.Deadlocks);
        Assert.Empty(findings.BlockingChains);
        Assert.Equal(Verdict.Ok, findings.Verdict);
        Assert.Equal(ExitCode.NoHangFound, findings.ExitCode);
    }

    [Fact]
    public void CycleThroughASharedLockIsADeadlockEvenWhileAnotherOwnerIsFree()
    {
        // Given: 101 and 103 both hold the read lock L1; 102 waits to write L1 and holds L2, which
        // 101 waits for. The writer needs every reader gone: 103 leaving cannot release it.
        Snapshot snapshot = new SnapshotBuilder()
            .Lock("L1", LockKind.ReaderWriterLockSlim)
            .Thread(101, "reader").Holds("L1").WaitsForLock("L2")
            .Thread(102, "writer").Holds("L2").WaitsForLock("L1")
            .Thread(103, "other-reader").Holds("L1").Running()
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Deadlock deadlock = Assert.Single(findings.Deadlocks);
        Assert.Equal(new[] { 101, 102 }, deadlock.Threads);
        Assert.Equal(new WaitEdge[] { new(101, "L2", 102), new(102, "L1", 101) }, deadlock.Edges);
        Assert.Empty(deadlock.BlockedBehind);
        Assert.Equal(Verdict.Deadlock, findings.Verdict);
        Assert.Equal(ExitCode.HangFound, findings.ExitCode);
    }

    [Fact]
    public void CycleThroughASharedLockIsADeadlockWhenEveryOwnerIsInIt()
    {
        // Given: as above, but the other reader 103 also waits for L2 (a knot).
        Snapshot snapshot = new SnapshotBuilder()
            .Lock("L1", LockKind.ReaderWriterLockSlim)
            .Thread(101, "reader").Holds("L1").WaitsForLock("L2")
            .Thread(102, "writer").Holds("L2").WaitsForLock("L1")
            .Thread(103, "other-reader").Holds("L1").WaitsForLock("L2")
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Deadlock deadlock = Assert.Single(findings.Deadlocks);
        Assert.Equal(new[] { 101, 102, 103 }, deadlock.Threads);
        Assert.Equal(
            new WaitEdge[] { new(101, "L2", 102), new(102, "L1", 101), new(102, "L1", 103), new(103, "L2", 102) },
            deadlock.Edges);
        Assert.Equal(Verdict.Deadlock, findings.Verdict);
    }
}
