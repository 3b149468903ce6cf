using System.Text.RegularExpressions;
using DumpLock.Analysis;
using DumpLock.Model;
using DumpLock.Reporting;

namespace DumpLock.Core.Tests;

/// <summary>The report pasted into an incident ticket; Golden/ holds reports read and checked by a person.</summary>
public sealed partial class MarkdownReporterTests
{
    [Fact]
    public void TwoLockDeadlockMatchesTheGoldenReport()
    {
        // Given
        Snapshot snapshot = BankScenario.TwoTellersDeadlock().Build();
        string golden = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "TwoLockDeadlock.md"));

        // When
        string report = Report(snapshot);

        // Then: the golden file says <VERSION> where the tool's version goes.
        Assert.Equal(Lf(golden), report.Replace($"dumplock {ToolInfo.Version}.", "dumplock <VERSION>.", StringComparison.Ordinal));
    }

    [Fact]
    public void DeadlockVerdictNamesEachWaitAndWhoIsBlockedBehind()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(101, "main").Holds("L1").Joins(102)
            .Thread(102, "worker").WaitsForLock("L1")
            .Thread(103, "late").WaitsForLock("L1")
            .Build();

        // When
        string report = Report(snapshot);

        // Then
        Assert.StartsWith("**Deadlock.** 2 threads wait for each other: \"main\" (tid 101) is waiting for \"worker\" (tid 102) " +
            "to finish; \"worker\" (tid 102) is waiting to lock `<0x7f8f75809100> (a System.Object)`, which is held by " +
            "\"main\" (tid 101). 1 more thread is blocked behind it.\n\n", report);
        Assert.Contains("""
            | "main" (tid 101) | waiting for "worker" (tid 102) to finish | "worker" (tid 102) |
            | "worker" (tid 102) | waiting to lock `<0x7f8f75809100> (a System.Object)` | "main" (tid 101) |

            1 more thread is blocked behind it: "late" (tid 103).

            """, report);
    }

    [Fact]
    public void SeveralDeadlocksAreCountedInTheVerdictAndEachGetsATable()
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
        Assert.StartsWith("**2 deadlocks.** 2 threads wait for each other: tid 101 is waiting", report);
        Assert.Contains(". 1 thread waits for itself: tid 201 is waiting for tid 201 to finish.\n", report);
        Assert.Contains("""
            ### Deadlock (1 thread)

            | thread | waits for | held by |
            | --- | --- | --- |
            | tid 201 | waiting for tid 201 to finish | tid 201 |

            """, report);
    }

    [Fact]
    public void TableNamesEveryOwnerOfASharedLockNotOnlyTheOneInTheCycle()
    {
        // Given: 103 reads under L1 too, so 102 needs both 101 and 103 gone.
        Snapshot snapshot = new SnapshotBuilder()
            .Lock("L1", LockKind.ReaderWriterLockSlim)
            .Thread(101).Holds("L1").WaitsForLock("L2")
            .Thread(102).Holds("L2").WaitsForLock("L1")
            .Thread(103).Holds("L1").Running()
            .Build();

        // When
        string report = Report(snapshot);

        // Then
        Assert.Contains("| tid 102 | waiting to lock `<0x7f8f75809100> (a System.Object)` | tid 101, tid 103 |\n", report);
    }

    [Fact]
    public void BlockedWithoutCycleNamesTheChainRootAndWhoWaitsBehindIt()
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
        Assert.StartsWith("**Blocked, no deadlock.** 2 threads wait for a lock, thread or task, but not in a cycle. " +
            "Blocking chain rooted at \"holder\" (tid 100): sleeping (Thread.Sleep); 2 threads wait behind it.\n\n", report);
        Assert.Contains("""
            ### Blocking chains

            - "holder" (tid 100): sleeping (Thread.Sleep); 2 threads wait behind it: "waiter-1" (tid 201), "waiter-2" (tid 202)

            """, report);
        Assert.DoesNotContain("### Deadlock", report);
    }

    [Fact]
    public void LiveProcessWithoutWaitsIsNoDeadlockAndAThreadWithoutFramesSaysSo()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder()
            .Source(new SourceInfo(SourceKind.Process, Path: null, Pid: 4242, RuntimeVersion: null, "linux", "arm64"))
            .Thread(7, "idle").Running()
            .Build();

        // When
        string report = Report(snapshot);

        // Then
        Assert.Equal($"""
            **No deadlock.** No thread waits for a lock, thread or task.

            Process 4242, .NET (version unknown), linux arm64: 1 thread, 0 waiting for a lock, thread or task. Analysed by dumplock {ToolInfo.Version}.

            ### Threads

            <details><summary>"idle" (tid 7) — running</summary>

            No managed frames.

            </details>

            """, report);
    }

    [Fact]
    public void DumpPathWithABacktickStaysOneCodeSpan()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder()
            .Source(new SourceInfo(SourceKind.Dump, "/tmp/core`1", Pid: null, "10.0.12", "linux", "x64"))
            .Build();

        // When
        string report = Report(snapshot);

        // Then
        Assert.Contains("\nDump ``/tmp/core`1``, .NET 10.0.12, linux x64: 0 threads, ", report);
        Assert.DoesNotContain("### Threads", report);
    }

    [Fact]
    public void TableCellsEscapePipesAndMarkupAndKeepGenericTypesInCode()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder()
            .Lock("L1", objectType: "Odd|Type")
            .Lock("L2", objectType: "Bank.Box<System.Int32>")
            .Thread(101, "a|b*").Holds("L1").WaitsForLock("L2")
            .Thread(102, "<i>").Holds("L2").WaitsForLock("L1")
            .Build();

        // When
        string report = Report(snapshot);

        // Then: a table splits cells at '|' even inside a code span, so that type stays out of it.
        Assert.Contains("""
            | "a\|b\*" (tid 101) | waiting to lock `<0x7f8f75809200> (a Bank.Box<System.Int32>)` | "\<i\>" (tid 102) |
            | "\<i\>" (tid 102) | waiting to lock `<0x7f8f75809100>` (a Odd\|Type) | "a\|b\*" (tid 101) |

            """, report);
        Assert.Contains("<details><summary>\"a|b*\" (tid 101) — waiting to lock &lt;0x7f8f75809200&gt; " +
            "(a Bank.Box&lt;System.Int32&gt;), which is held by \"&lt;i&gt;\" (tid 102)</summary>\n", report);
    }

    [Fact]
    public void WarningsAreAListWithMarkupEscaped()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(101).Running()
            .Warning("No PDB for My_App.dll; its frames have no file:line.")
            .Build();

        // When
        string report = Report(snapshot);

        // Then
        Assert.Contains("\n### Warnings\n\n- No PDB for My\\_App.dll; its frames have no file:line.\n\n### Threads\n", report);
    }

    [Fact]
    public void StacksAreTheTextReportsFrameLinesInCodeBlocks()
    {
        // Given
        Snapshot snapshot = BankScenario.TwoTellersDeadlock().Build();
        var text = new StringWriter { NewLine = "\n" };
        new TextReporter().Write(snapshot, WaitForGraph.Analyze(snapshot), text);

        // When
        string report = Report(snapshot);

        // Then: each thread's block in the text report, without its heading and wait lines.
        IEnumerable<string> textStacks = text.ToString().Split("Threads:\n\n")[1].Split("\n\n")
            .Select(block => string.Join("\n", block.Split('\n').Where(l => l.StartsWith("    ", StringComparison.Ordinal))))
            .Where(stack => stack.Length > 0);
        List<string> markdownStacks = CodeBlock().Matches(report).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(3, markdownStacks.Count);
        Assert.Equal(textStacks.Order(), markdownStacks.Order());
    }

    [Fact]
    public void FenceIsLongerThanAnyRunOfBackticksInAFrame()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder().Thread(101).Running().Frame("Odd.```Name()").Build();

        // When
        string report = Report(snapshot);

        // Then
        Assert.Contains("\n````\n    at Odd.```Name()\n````\n", report);
    }

    [Fact]
    public void StacksOfDeadlockedThreadsComeFirstThenChainRootsThenBlockedThenTheRest()
    {
        // Given: 101 ⇄ 102; 103 waits behind them; 301 waits behind 300, which sleeps; 100 runs.
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(100).Running()
            .Thread(103).WaitsForLock("L1")
            .Thread(300).Holds("L3").Sleeps()
            .Thread(301).WaitsForLock("L3")
            .Thread(102).Holds("L2").WaitsForLock("L1")
            .Thread(101).Holds("L1").WaitsForLock("L2")
            .Build();

        // When
        string report = Report(snapshot);

        // Then
        Assert.Equal(new[] { 101, 102, 300, 103, 301, 100 },
            SummaryTid().Matches(report).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static string Report(Snapshot snapshot)
    {
        var output = new StringWriter { NewLine = "\n" };
        new MarkdownReporter().Write(snapshot, WaitForGraph.Analyze(snapshot), output);
        return output.ToString();
    }

    private static string Lf(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    [GeneratedRegex("\n```\n(.*?)\n```\n", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex("<summary>tid ([0-9]+)")]
    private static partial Regex SummaryTid();
}
