using DumpLock.Analysis;
using DumpLock.Model;

namespace DumpLock.Core.Tests;

/// <summary>The one-word answer and the exit code it gives (report-schema.md).</summary>
public sealed class VerdictTests
{
    [Fact]
    public void SnapshotWithoutThreadsIsOk()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder().Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Equal(Verdict.Ok, findings.Verdict);
        Assert.Empty(findings.Deadlocks);
        Assert.Empty(findings.BlockingChains);
    }

    [Fact]
    public void RunningSleepingAndPulseWaitingThreadsAreOk()
    {
        // Given: nothing waits on a lock, a thread or a task.
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(101, "worker").Holds("L1").Running()
            .Thread(102, "sleeper").Sleeps()
            .Thread(103, "consumer").WaitsForPulse("L2")
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Equal(Verdict.Ok, findings.Verdict);
        Assert.Equal(ExitCode.NoHangFound, findings.ExitCode);
        Assert.Empty(findings.BlockingChains);
    }

    [Theory]
    [InlineData(WaitKind.Lock, Verdict.Blocked)]
    [InlineData(WaitKind.Thread, Verdict.Blocked)]
    [InlineData(WaitKind.Task, Verdict.Blocked)]
    [InlineData(WaitKind.Event, Verdict.Ok)]
    [InlineData(WaitKind.Other, Verdict.Ok)]
    public void OnlyWaitsOnALockThreadOrTaskMakeTheVerdictBlocked(WaitKind kind, Verdict expected)
    {
        // Given: one thread waiting on something nobody is known to hold.
        Snapshot snapshot = new SnapshotBuilder()
            .Lock("L1")
            .Thread(101).WaitsFor(new Wait(kind, LockId: kind == WaitKind.Lock ? "L1" : null,
                OsThreadId: kind == WaitKind.Thread ? 999 : null, ObjectAddress: 0x7f8f7580a000))
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Equal(expected, findings.Verdict);
        Assert.Empty(findings.Deadlocks);
        Assert.Equal(ExitCode.NoHangFound, findings.ExitCode);
    }

    [Theory]
    [InlineData(Verdict.Ok, ExitCode.NoHangFound, 0)]
    [InlineData(Verdict.Blocked, ExitCode.NoHangFound, 0)]
    [InlineData(Verdict.Deadlock, ExitCode.HangFound, 1)]
    [InlineData(Verdict.Starvation, ExitCode.HangFound, 1)]
    [InlineData(Verdict.Inconclusive, ExitCode.Inconclusive, 3)]
    public void ExitCodeIs1ForAHangAnd3WhenInconclusive(Verdict verdict, ExitCode expected, int number)
    {
        // Given
        var findings = new Findings(verdict, [], [], []);

        // When
        ExitCode exitCode = findings.ExitCode;

        // Then
        Assert.Equal(expected, exitCode);
        Assert.Equal(number, (int)exitCode);
    }
}
