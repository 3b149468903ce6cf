using DumpLock.Analysis;
using DumpLock.Model;

namespace DumpLock.Core.Tests;

/// <summary>Async flows in the wait-for graph: a flow awaiting an async lock waits for its holder.</summary>
public sealed class AsyncFlowGraphTests
{
    [Fact]
    public void TwoFlowsEachAwaitingTheAsyncLockTheOtherHoldsAreADeadlock()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder()
            .Flow("A1", "Bank.TransferAsync", "L1").Awaits("L2")
            .Flow("A2", "Bank.TransferAsync", "L2").Awaits("L1")
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Deadlock deadlock = Assert.Single(findings.Deadlocks);
        Assert.Equal(new[] { FlowNode.Of("A1"), FlowNode.Of("A2") }, deadlock.Threads);
        Assert.Equal(new WaitEdge[] { new(-1, "L2", -2), new(-2, "L1", -1) }, deadlock.Edges);
        Assert.Equal(Verdict.Deadlock, findings.Verdict);
    }

    [Fact]
    public void AThreadWaitingForAnAsyncLockHeldByAFlowThatWaitsForNobodyIsNoDeadlock()
    {
        // Given: thread 101 holds monitor L1 and calls Wait() on L2, held by A1, which awaits A2,
        // which awaits nothing DumpLock follows: no cycle.
        Snapshot snapshot = new SnapshotBuilder()
            .Lock("L2", LockKind.SemaphoreSlim)
            .Thread(101).Holds("L1").WaitsForLock("L2")
            .Flow("A1", "Shop.SaveAsync", "L2").Awaits("A2")
            .Flow("A2", "Shop.FlushAsync")
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Empty(findings.Deadlocks);
        Assert.Empty(findings.BlockingChains);
    }

    [Fact]
    public void FlowsAwaitingEachOtherAreADeadlock()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder()
            .Flow("A1", "Reports.LoadAsync").Awaits("A2")
            .Flow("A2", "Totals.LoadAsync").Awaits("A1")
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Deadlock deadlock = Assert.Single(findings.Deadlocks);
        Assert.Equal(new WaitEdge[] { new(-1, "flow:A2", -2), new(-2, "flow:A1", -1) }, deadlock.Edges);
    }

    [Fact]
    public void AFlowAwaitingAnAsyncLockItHoldsIsADeadlockOfOne()
    {
        // Given: a re-entrant await on a SemaphoreSlim(1, 1) it holds; SemaphoreSlim is not re-entrant.
        Snapshot snapshot = new SnapshotBuilder().Flow("A1", "Shop.SaveAsync", "L1").Awaits("L1").Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Equal(new WaitEdge[] { new(-1, "L1", -1) }, Assert.Single(findings.Deadlocks).Edges);
    }
}
