using DumpLock.Analysis;
using DumpLock.Model;
using DumpLock.Reporting;

namespace DumpLock.Core.Tests;

/// <summary>"No hang found" is only said when the analysis could see; otherwise it is inconclusive.</summary>
public sealed class InconclusiveTests
{
    [Theory]
    [InlineData(LimitationKind.NoHeap)]
    [InlineData(LimitationKind.UnverifiedRuntime)]
    [InlineData(LimitationKind.ReaderFailed)]
    public void ALimitationTurnsNoHangFoundIntoInconclusive(LimitationKind kind)
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(101).Holds("L1").Sleeps()
            .Thread(102).WaitsForLock("L1")
            .Limitation(kind, "12.0.1")
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Equal(Verdict.Inconclusive, findings.Verdict);
        Assert.Equal(3, (int)findings.ExitCode);
    }

    [Fact]
    public void ADeadlockFoundDespiteALimitationIsStillADeadlock()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(101).Holds("L1").WaitsForLock("L2")
            .Thread(102).Holds("L2").WaitsForLock("L1")
            .Limitation(LimitationKind.UnverifiedRuntime, "12.0.1")
            .Build();

        // When
        Findings findings = WaitForGraph.Analyze(snapshot);

        // Then
        Assert.Equal(Verdict.Deadlock, findings.Verdict);
        Assert.Equal(ExitCode.HangFound, findings.ExitCode);
    }

    [Fact]
    public void TextReportSaysWhyItIsInconclusiveBeforeTheThreads()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(101).Holds("L1").Sleeps()
            .Limitation(LimitationKind.NoHeap, "mini or triage dump")
            .Build();
        var output = new StringWriter();

        // When
        new TextReporter().Write(snapshot, WaitForGraph.Analyze(snapshot), output);

        // Then
        string text = output.ToString();
        Assert.Contains("Verdict: inconclusive", text);
        int reason = text.IndexOf("take a heap dump (dumplock collect --type heap)", StringComparison.Ordinal);
        Assert.InRange(reason, 0, text.IndexOf("Threads (", StringComparison.Ordinal));
        Assert.EndsWith("No deadlock found, but the analysis is inconclusive.\n", text);
    }
}
