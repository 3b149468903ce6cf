using DumpLock.Analysis;
using DumpLock.Model;

namespace DumpLock.Core.Tests;

/// <summary>
/// ReaderWriterLockSlim waits, mode by mode: a waiter waits only for the owners whose mode
/// conflicts with the one it asks for, and never for itself.
/// </summary>
public sealed class LockModeTests
{
    [Fact]
    public void UpgraderWaitsForTheReadersInsideNotForItself()
    {
        // Given: 101 holds the upgradeable read lock and waits to upgrade to write; 102 reads and sleeps.
        Snapshot snapshot = new SnapshotBuilder()
            .Lock("L1", LockKind.ReaderWriterLockSlim)
            .Thread(101, "upgrader").HoldsIn("L1", LockMode.UpgradeableRead).WaitsForLock("L1", LockMode.Write)
            .Thread(102, "reader").HoldsIn("L1", LockMode.Read).Sleeps()
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Empty(findings.Deadlocks);
        Assert.Equal(Verdict.Blocked, findings.Verdict);
        BlockingChain chain = Assert.Single(findings.BlockingChains);
        Assert.Equal(102, chain.RootThread);
        Assert.Equal(new[] { 101 }, chain.BlockedThreads);
    }

    [Fact]
    public void UpgradeableReadWaiterDoesNotWaitForReaders()
    {
        // Given: 102 reads L1 and waits for L2, held by 101, which waits for the upgradeable read
        // lock of L1 — held by 103. A naive reader would close 101 ↔ 102 through the read lock.
        Snapshot snapshot = new SnapshotBuilder()
            .Lock("L1", LockKind.ReaderWriterLockSlim)
            .Thread(101, "upgradeable-waiter").Holds("L2").WaitsForLock("L1", LockMode.UpgradeableRead)
            .Thread(102, "reader").HoldsIn("L1", LockMode.Read).WaitsForLock("L2")
            .Thread(103, "upgradeable-holder").HoldsIn("L1", LockMode.UpgradeableRead).Sleeps()
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Empty(findings.Deadlocks);
        BlockingChain chain = Assert.Single(findings.BlockingChains);
        Assert.Equal(103, chain.RootThread);
        Assert.Equal(new[] { 101, 102 }, chain.BlockedThreads);
    }

    [Fact]
    public void ReaderWaitsForTheWriterNotForOtherReaders()
    {
        // Given: 101 reads L1 and waits for L2; 102 holds L2 and waits to read L1, which no writer
        // holds or waits for. Readers do not exclude each other: no cycle.
        Snapshot snapshot = new SnapshotBuilder()
            .Lock("L1", LockKind.ReaderWriterLockSlim)
            .Thread(101, "reader").HoldsIn("L1", LockMode.Read).WaitsForLock("L2")
            .Thread(102, "second-reader").Holds("L2").WaitsForLock("L1", LockMode.Read)
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Empty(findings.Deadlocks);
        Assert.Empty(findings.TimedCycles);
    }

    [Fact]
    public void ReaderQueuesBehindAWaitingWriter()
    {
        // Given: as above, but 103 waits to write L1: it waits for reader 101, and 102's read
        // waits for 103 (a waiting writer bars new readers). 101 → 102 → 103 → 101 is real.
        Snapshot snapshot = new SnapshotBuilder()
            .Lock("L1", LockKind.ReaderWriterLockSlim)
            .Thread(101, "reader").HoldsIn("L1", LockMode.Read).WaitsForLock("L2")
            .Thread(102, "second-reader").Holds("L2").WaitsForLock("L1", LockMode.Read)
            .Thread(103, "writer").WaitsForLock("L1", LockMode.Write)
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Deadlock deadlock = Assert.Single(findings.Deadlocks);
        Assert.Equal(new[] { 101, 102, 103 }, deadlock.Threads);
        Assert.Equal(new WaitEdge[] { new(101, "L2", 102), new(102, "L1", 103), new(103, "L1", 101) }, deadlock.Edges);
    }

    [Fact]
    public void ReaderWaitsForTheWriterThatHoldsTheLock()
    {
        // Given: 101 holds the write lock and waits for L2, held by 102, which waits to read L1.
        Snapshot snapshot = new SnapshotBuilder()
            .Lock("L1", LockKind.ReaderWriterLockSlim)
            .Thread(101, "writer").HoldsIn("L1", LockMode.Write).WaitsForLock("L2")
            .Thread(102, "reader").Holds("L2").WaitsForLock("L1", LockMode.Read)
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Deadlock deadlock = Assert.Single(findings.Deadlocks);
        Assert.Equal(new WaitEdge[] { new(101, "L2", 102), new(102, "L1", 101) }, deadlock.Edges);
    }

    [Fact]
    public void ReaderWaitsForAnUpgradeableReaderOnlyWhileItUpgrades()
    {
        // Given: 101 holds upgradeable read and waits to upgrade (for reader 103, which waits for
        // L2); 102 waits to read and holds L2. While an upgrader waits, new readers queue behind it.
        Snapshot snapshot = new SnapshotBuilder()
            .Lock("L1", LockKind.ReaderWriterLockSlim)
            .Thread(101, "upgrader").HoldsIn("L1", LockMode.UpgradeableRead).WaitsForLock("L1", LockMode.Write)
            .Thread(102, "late-reader").Holds("L2").WaitsForLock("L1", LockMode.Read)
            .Thread(103, "reader").HoldsIn("L1", LockMode.Read).WaitsForLock("L2")
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then: 101 → 103 → 102 → 101.
        Deadlock deadlock = Assert.Single(findings.Deadlocks);
        Assert.Equal(new[] { 101, 103, 102 }, deadlock.Threads);
        Assert.Equal(new WaitEdge[] { new(101, "L1", 103), new(103, "L2", 102), new(102, "L1", 101) }, deadlock.Edges);
    }

    [Fact]
    public void WriterWaitsForEveryOtherOwner()
    {
        // Given: readers 102 and 103 hold L1; 101 waits to write it.
        Snapshot snapshot = new SnapshotBuilder()
            .Lock("L1", LockKind.ReaderWriterLockSlim)
            .Thread(101, "writer").WaitsForLock("L1", LockMode.Write)
            .Thread(102).HoldsIn("L1", LockMode.Read).Sleeps()
            .Thread(103).HoldsIn("L1", LockMode.Read).Sleeps()
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Equal(new[] { 102, 103 }, findings.BlockingChains.Select(c => c.RootThread));
        Assert.All(findings.BlockingChains, c => Assert.Equal(new[] { 101 }, c.BlockedThreads));
    }
}
