using DumpLock.Analysis;
using DumpLock.Model;
using DumpLock.Reporting;

namespace DumpLock.Core.Tests;

/// <summary>The jstack-like report for a terminal; Golden/ holds reports read and checked by a person.</summary>
public sealed class TextReporterTests
{
    [Fact]
    public void TwoLockDeadlockMatchesTheGoldenReport()
    {
        // Given
        Snapshot snapshot = BankScenario.TwoTellersDeadlock().Build();
        string golden = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "TwoLockDeadlock.txt"));

        // When
        string report = Report(snapshot);

        // Then: the golden file says <VERSION> where the tool's version goes.
        Assert.Equal(Lf(golden), Lf(report).Replace($"dumplock {ToolInfo.Version}:", "dumplock <VERSION>:", StringComparison.Ordinal));
    }

    [Fact]
    public void LinesFitIn80ColumnsExceptMethodSignatures()
    {
        // Given
        Snapshot snapshot = BankScenario.TwoTellersDeadlock().Build();

        // When
        string[] lines = Lf(Report(snapshot)).Split('\n');

        // Then
        Assert.All(lines.Where(l => !l.StartsWith("    at ", StringComparison.Ordinal)),
            line => Assert.True(line.Length <= 80, $"{line.Length} columns: {line}"));
    }

    [Fact]
    public void JoinInADeadlockSaysWhichThreadItWaitsToFinish()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(101, "main").Holds("L1").Joins(102)
            .Thread(102, "worker").WaitsForLock("L1")
            .Build();

        // When
        string report = Report(snapshot);

        // Then
        Assert.Contains("""
            Found one deadlock (2 threads):
            ===============================
            "main" (tid 101):
              waiting for "worker" (tid 102) to finish
            """, report);
        Assert.Contains("""
            "worker" (tid 102):
              waiting to lock <0x7f8f75809100> (a System.Object),
              which is held by "main" (tid 101)

            """, report);
        Assert.EndsWith("Found 1 deadlock.\n", report);
    }

    [Fact]
    public void BlockingChainNamesItsRootWhatTheRootDoesAndWhoWaits()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(100, "holder").Holds("L1").Sleeps()
            .Thread(201, "waiter-1").WaitsForLock("L1")
            .Thread(202, "waiter-2").WaitsForLock("L1")
            .Build();

        // When
        string report = Report(snapshot);

        // Then
        Assert.Contains("""
            Blocking chain rooted at "holder" (tid 100):
              sleeping (Thread.Sleep);
              2 threads wait behind it:
                "waiter-1" (tid 201), "waiter-2" (tid 202)

            """, report);
        Assert.StartsWith("dumplock ", report);
        Assert.Contains("""
            Verdict: blocked. 2 threads wait for a lock, thread or task, but not in a cycle.
            Blocking chain rooted at "holder" (tid 100): sleeping (Thread.Sleep); 2 threads
            wait behind it.
            Where they wait:
                at (no frame of the program on the stack)
                   where "holder" (tid 100) waits
            3 threads, 2 waiting for a lock, thread or task.

            """, report);
        Assert.EndsWith("No deadlock found.\n", report);
    }

    [Fact]
    public void UnknownRuntimeVersionAndLiveProcessAreSaidSo()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder()
            .Source(new SourceInfo(SourceKind.Process, Path: null, Pid: 4242, RuntimeVersion: null, "linux", "arm64"))
            .Build();

        // When
        string report = Report(snapshot);

        // Then
        Assert.Equal($"""
            {ToolInfo.Name} {ToolInfo.Version}: process 4242, .NET (version unknown), linux arm64
            Verdict: ok. No thread waits for a lock, thread or task.
            0 threads, 0 waiting for a lock, thread or task.

            Threads (identical stacks merged; --all-threads shows each):

            No deadlock found.

            """, report);
    }

    [Fact]
    public void WarningsComeBeforeTheLastLine()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(101).Running()
            .Warning("No PDB for Bank.dll; its frames have no file:line.")
            .Build();

        // When
        string report = Report(snapshot);

        // Then
        Assert.EndsWith("Warning: No PDB for Bank.dll; its frames have no file:line.\nNo deadlock found.\n", report);
    }

    [Fact]
    public void SeveralDeadlocksAreEachFoundAndCountedAtTheEnd()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(101).Holds("L1").WaitsForLock("L2")
            .Thread(102).Holds("L2").WaitsForLock("L1")
            .Thread(201).Joins(201)
            .Build();

        // When
        string report = Report(snapshot);

        // Then
        Assert.Contains("Found one deadlock (2 threads):\n", report);
        Assert.Contains("""
            Found one deadlock (1 thread):
            ==============================
            tid 201:
              waiting for tid 201 to finish
            """, report);
        Assert.EndsWith("Found 2 deadlocks.\n", report);
    }

    [Fact]
    public void JoinInADeadlockHasNoDanglingComma()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(101, "main").Holds("L1").Joins(102)
            .Thread(102, "worker").WaitsForLock("L1")
            .Build();

        // When
        string report = Report(snapshot);

        // Then
        Assert.Contains("\"main\" (tid 101):\n  waiting for \"worker\" (tid 102) to finish\n", report);
    }

    [Fact]
    public void BlockingChainWithManyWaitersFitsIn80Columns()
    {
        // Given
        var builder = new SnapshotBuilder().Thread(100, "holder").Holds("L1").Sleeps();
        for (int i = 1; i <= 8; i++)
        {
            builder.Thread(200 + i, $"waiter-{i}").WaitsForLock("L1");
        }

        // When
        string[] lines = Lf(Report(builder.Build())).Split('\n');

        // Then
        Assert.All(lines.Where(l => !l.StartsWith("    at ", StringComparison.Ordinal)),
            line => Assert.True(line.Length <= 80, $"{line.Length} columns: {line}"));
    }

    [Fact]
    public void ChainWithOneBlockedThreadSaysWaits()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(100, "holder").Holds("L1").Sleeps()
            .Thread(201, "waiter").WaitsForLock("L1")
            .Build();

        // When
        string report = Report(snapshot);

        // Then
        Assert.Contains("  1 thread waits behind it:\n    \"waiter\" (tid 201)\n", report);
    }

    [Fact]
    public void FrameWithAFileButNoLineHasNoDanglingColon()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(101).Running().Frame("Bank.Busy.Spin()", "Bank.dll", "/src/Bank/Busy.cs", line: null)
            .Build();

        // When
        string report = Report(snapshot);

        // Then
        Assert.Contains("    at Bank.Busy.Spin()\n       in /src/Bank/Busy.cs\n", report);
    }

    private static string Report(Snapshot snapshot)
    {
        var output = new StringWriter { NewLine = "\n" };
        new TextReporter().Write(snapshot, WaitForGraph.Analyze(snapshot), output);
        return output.ToString();
    }

    private static string Lf(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
