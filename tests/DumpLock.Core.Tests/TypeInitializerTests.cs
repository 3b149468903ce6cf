using DumpLock.Analysis;
using DumpLock.Model;

namespace DumpLock.Core.Tests;

/// <summary>A thread waiting for a static constructor waits for the thread that runs it.</summary>
public sealed class TypeInitializerTests
{
    [Fact]
    public void ConstructorJoiningAThreadThatNeedsItsClassIsADeadlock()
    {
        // Given: 101 runs Catalog's static constructor and joins 102, which waits for it.
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(101, "initializer").Joins(102)
            .Thread(102, "loader").WaitsFor(new Wait(WaitKind.TypeInitializer, OsThreadId: 101, ObjectType: "Shop.Catalog", Timed: false))
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Deadlock deadlock = Assert.Single(findings.Deadlocks);
        Assert.Equal(new WaitEdge[] { new(101, "thread:102", 102), new(102, "typeInitializer:Shop.Catalog", 101) }, deadlock.Edges);
    }

    [Fact]
    public void AWaitWhoseConstructorThreadCouldNotBeToldIsInconclusive()
    {
        // Given: 102 waits for a static constructor; 101 and 103 each run one.
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(101).Sleeps()
            .Thread(102).WaitsFor(new Wait(WaitKind.TypeInitializer, Timed: false))
            .Thread(103).Sleeps()
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Empty(findings.Deadlocks);
        Assert.Equal(Verdict.Inconclusive, findings.Verdict);
        Assert.Equal(102, Assert.Single(WaitForGraph.UnresolvedWaits(snapshot)).OsThreadId);
    }
}
