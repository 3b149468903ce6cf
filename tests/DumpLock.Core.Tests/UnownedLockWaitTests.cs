using DumpLock.Analysis;
using DumpLock.Model;
using DumpLock.Reporting;

namespace DumpLock.Core.Tests;

/// <summary>
/// A lock that has waiters but no owner found: the owner was missed (or is gone), and a missed owner
/// could close a cycle through any waiter that other threads wait for.
/// </summary>
public sealed class UnownedLockWaitTests
{
    [Theory]
    [InlineData(LockKind.Monitor)]
    [InlineData(LockKind.Lock)]
    [InlineData(LockKind.ReaderWriterLockSlim)]
    [InlineData(LockKind.Mutex)]
    public void AWaiterThatOthersWaitForIsInconclusiveWhenItsLockHasNoOwner(LockKind kind)
    {
        // Given: 101 waits for L1, whose owner was not found, while holding L2, which 102 waits for.
        Snapshot snapshot = new SnapshotBuilder()
            .Lock("L1", kind)
            .Thread(101, "first").Holds("L2").WaitsForLock("L1")
            .Thread(102, "second").WaitsForLock("L2")
            .Build();
        var output = new StringWriter();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);
        new TextReporter().Write(snapshot, findings, output);

        // Then
        Assert.Equal(Verdict.Inconclusive, findings.Verdict);
        Assert.Equal(ExitCode.Inconclusive, findings.ExitCode);
        Assert.Equal(101, Assert.Single(findings.UnownedLockWaits));
        Assert.Contains("waits for a lock whose owner was not found while other threads wait for it", output.ToString());
        string expected = kind == LockKind.Mutex ? "its owner is not recorded in a dump before .NET 11" : "whose owner was not found in the dump";
        Assert.Contains(expected, output.ToString());
    }

    [Fact]
    public void OnDotNet11AMutexWithoutOwnerIsOneWhoseOwnerWasNotFound()
    {
        // .NET 11 records a Mutex's owner (the managed WaitSubsystem): not finding it is not the dump's limit.
        Snapshot snapshot = new SnapshotBuilder()
            .Source(new SourceInfo(SourceKind.Dump, "core.1", 1, "11.0.0", "linux", "x64"))
            .Lock("L1", LockKind.Mutex)
            .Thread(101, "first").WaitsForLock("L1")
            .Build();
        var output = new StringWriter();

        new TextReporter().Write(snapshot, WaitForGraph.Analyze(snapshot), output);

        Assert.Contains("whose owner was not found in the dump", output.ToString());
        Assert.DoesNotContain("not recorded", output.ToString());
    }

    [Fact]
    public void AWaiterNobodyWaitsForEndsAChainWithoutAnOwner()
    {
        // Given: 101 waits for L1, whose owner was not found, and holds nothing anyone waits for.
        Snapshot snapshot = new SnapshotBuilder()
            .Lock("L1")
            .Thread(101).Holds("L2").WaitsForLock("L1")
            .Thread(102).Sleeps()
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then: no cycle can pass through 101.
        Assert.Equal(Verdict.Blocked, findings.Verdict);
        Assert.Empty(findings.UnownedLockWaits);
    }

    [Theory]
    [InlineData(LockKind.SemaphoreSlim, false)]
    [InlineData(LockKind.Monitor, true)]
    public void ASemaphoreHasNoOwnerToMissAndATimedWaitEndsByItself(LockKind kind, bool timed)
    {
        // Given: 101 waits for L1 (no owner) while 102 waits for 101's L2.
        Snapshot snapshot = new SnapshotBuilder()
            .Lock("L1", kind)
            .Thread(101).Holds("L2").WaitsForLock("L1", timed: timed)
            .Thread(102).WaitsForLock("L2")
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Equal(Verdict.Blocked, findings.Verdict);
        Assert.Empty(findings.UnownedLockWaits);
    }
}
