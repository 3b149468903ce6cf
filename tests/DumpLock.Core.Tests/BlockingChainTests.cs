using DumpLock.Analysis;
using DumpLock.Model;
using ThreadState = DumpLock.Model.ThreadState;

namespace DumpLock.Core.Tests;

/// <summary>Hangs without a cycle: the wait-for graph's chains and who is at their root.</summary>
public sealed class BlockingChainTests
{
    [Fact]
    public void ConvoyBehindASleepingHolderIsOneChainRootedAtTheSleeper()
    {
        // Given: 100 sleeps holding L1; eight threads wait for L1, listed out of order.
        var builder = new SnapshotBuilder().Thread(100, "holder").Holds("L1").Sleeps();
        foreach (int waiter in new[] { 205, 201, 208, 203, 202, 207, 204, 206 })
        {
            builder.Thread(waiter, $"waiter-{waiter - 200}").WaitsForLock("L1");
        }
        Snapshot snapshot = builder.Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Empty(findings.Deadlocks);
        BlockingChain chain = Assert.Single(findings.BlockingChains);
        Assert.Equal(100, chain.RootThread);
        Assert.Equal(ThreadState.Waiting, chain.RootState);
        Assert.Equal(new[] { 201, 202, 203, 204, 205, 206, 207, 208 }, chain.BlockedThreads);
        Assert.Equal(Verdict.Blocked, findings.Verdict);
        Assert.Equal(ExitCode.NoHangFound, findings.ExitCode);
    }

    [Fact]
    public void ThreadsWaitingForAWaitingThreadAreInTheChainOfItsRoot()
    {
        // Given: 301 waits for 302, which waits for 303, which sleeps.
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(301, "a").WaitsForLock("L2")
            .Thread(302, "b").Holds("L2").WaitsForLock("L3")
            .Thread(303, "c").Holds("L3").Sleeps()
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        BlockingChain chain = Assert.Single(findings.BlockingChains);
        Assert.Equal(303, chain.RootThread);
        Assert.Equal(ThreadState.Waiting, chain.RootState);
        Assert.Equal(new[] { 301, 302 }, chain.BlockedThreads);
        Assert.Equal(Verdict.Blocked, findings.Verdict);
    }

    [Fact]
    public void ThreadInMonitorWaitDoesNotCloseACycleThroughTheMonitorItReleased()
    {
        // Given: 101 holds L2 and waits for a pulse on L1 (so released L1); 102 took L1 and
        // waits for L2. A pulse wait is not a lock wait: no edge from 101 to 102.
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(101, "consumer").Holds("L2").WaitsForPulse("L1")
            .Thread(102, "producer").Holds("L1").WaitsForLock("L2")
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Empty(findings.Deadlocks);
        BlockingChain chain = Assert.Single(findings.BlockingChains);
        Assert.Equal(101, chain.RootThread);
        Assert.Equal(ThreadState.Waiting, chain.RootState);
        Assert.Equal(new[] { 102 }, chain.BlockedThreads);
        Assert.Equal(Verdict.Blocked, findings.Verdict);
    }

    [Fact]
    public void WaitOnALockWithoutKnownOwnerHasNoEdgeButIsBlocked()
    {
        // Given: nobody is recorded as the owner of L1.
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(101, "waiter").WaitsForLock("L1")
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Empty(snapshot.FindLock("L1")!.Owners);
        Assert.Empty(findings.Deadlocks);
        Assert.Empty(findings.BlockingChains);
        Assert.Equal(Verdict.Blocked, findings.Verdict);
        Assert.Equal(ExitCode.NoHangFound, findings.ExitCode);
    }

    [Fact]
    public void ThreadStuckOnALockWithoutKnownOwnerIsTheRootOfThoseWaitingForIt()
    {
        // Given: 102 waits for L2, held by 101, which waits for the ownerless L1.
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(101, "stuck").Holds("L2").WaitsForLock("L1")
            .Thread(102, "behind").WaitsForLock("L2")
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        BlockingChain chain = Assert.Single(findings.BlockingChains);
        Assert.Equal(101, chain.RootThread);
        Assert.Equal(ThreadState.Blocked, chain.RootState);
        Assert.Equal(new[] { 102 }, chain.BlockedThreads);
    }

    [Fact]
    public void WaitForALockHeldByAThreadMissingFromTheSnapshotHasNoEdge()
    {
        // Given: L1's owner 999 is not among the snapshot's threads.
        Snapshot withOwner = new SnapshotBuilder()
            .Thread(999).Holds("L1")
            .Thread(101, "waiter").WaitsForLock("L1")
            .Build();
        Snapshot snapshot = withOwner with { Threads = [.. withOwner.Threads.Where(t => t.OsThreadId != 999)] };

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Empty(findings.Deadlocks);
        Assert.Empty(findings.BlockingChains);
        Assert.Equal(Verdict.Blocked, findings.Verdict);
    }

    [Fact]
    public void TwoRootsGiveTwoChainsInOrderOfTheRootThread()
    {
        // Given: 401 joins the sleeping 400; 301 waits for a lock of the running 300.
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(401, "joiner").Joins(400)
            .Thread(400, "sleeper").Sleeps()
            .Thread(301, "waiter").WaitsForLock("L1")
            .Thread(300, "busy").Holds("L1").Running()
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Equal(2, findings.BlockingChains.Length);
        Assert.Equal((300, ThreadState.Running), (findings.BlockingChains[0].RootThread, findings.BlockingChains[0].RootState));
        Assert.Equal(new[] { 301 }, findings.BlockingChains[0].BlockedThreads);
        Assert.Equal((400, ThreadState.Waiting), (findings.BlockingChains[1].RootThread, findings.BlockingChains[1].RootState));
        Assert.Equal(new[] { 401 }, findings.BlockingChains[1].BlockedThreads);
    }
}
