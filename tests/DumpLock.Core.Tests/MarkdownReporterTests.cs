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

            ```mermaid
            flowchart LR
              t201["tid 201"]
              t201 -->|"joins"| t201
            ```

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
        Assert.Contains("| tid 102 | waiting to enter ReaderWriterLockSlim `<0x7f8f75809100>` | tid 101, tid 103 |\n", report);
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
            "Blocking chain rooted at \"holder\" (tid 100): sleeping (Thread.Sleep); 2 threads wait behind it.\n\n" +
            "**Where they wait:** no frame of the program on the stack of \"holder\" (tid 100)\n\n", report);
        Assert.Contains("""
            ### Blocking chains

            Rooted at "holder" (tid 100): sleeping (Thread.Sleep); 2 threads wait behind it: "waiter-1" (tid 201), "waiter-2" (tid 202).

            ```mermaid
            flowchart LR
              t201["#quot;waiter-1#quot; (tid 201)"]
              t100["#quot;holder#quot; (tid 100)"]
              t202["#quot;waiter-2#quot; (tid 202)"]
              t201 -->|"waits for #lt;0x7f8f75809100#gt; (a System.Object)"| t100
              t202 -->|"waits for #lt;0x7f8f75809100#gt; (a System.Object)"| t100
            ```

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
    public void StacksListEachFrameWithItsPlaceAndTheLocksItHoldsOrWaitsFor()
    {
        // Given
        Snapshot snapshot = BankScenario.TwoTellersDeadlock().Build();

        // When
        string report = Report(snapshot);

        // Then
        Assert.Contains("""
            <details><summary>"teller-1" (tid 101) managed=4 — waiting to lock &lt;0x7f8f75809200&gt; (a Bank.Account), which is held by "teller-2" (tid 102)</summary>

            - `System.Threading.Monitor.Enter_Slowpath(System.Object)`
            - `System.Threading.Monitor.Enter(System.Object, Boolean ByRef)`
              - waiting to lock `<0x7f8f75809200> (a Bank.Account)`
            - `Bank.Teller.Transfer(Bank.Account, Bank.Account, Int32)` in /src/Bank/Teller.cs:42
              - locked `<0x7f8f75809100> (a Bank.Account)`
            - `Bank.Teller.Run()` in /src/Bank/Teller.cs:18
            - `System.Threading.Thread.StartCallback()`

            </details>
            """, report);
    }

    [Fact]
    public void FrameWithBackticksStaysOneCodeSpan()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder().Thread(101).Running().Frame("Odd.```Name()").Build();

        // When
        string report = Report(snapshot);

        // Then
        Assert.Contains("\n- ````Odd.```Name()````\n", report);
    }

    [Fact]
    public void FramesWithASourceLinkUrlLinkToTheLineAtTheCommit()
    {
        // Given
        const string Url = "https://raw.githubusercontent.com/shop/api/4f2a9c1/src/Orders.cs";
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(101).Running().Frame(new Frame("Shop.Orders.Load()", "Shop.dll", "/build/src/Orders.cs", 30) { SourceUrl = Url })
            .Build();

        // When
        string report = Report(snapshot);

        // Then
        // GitHub's raw URL shows no line; the file's page at the same commit does.
        Assert.Contains("\n- `Shop.Orders.Load()` in [/build/src/Orders.cs:30](https://github.com/shop/api/blob/4f2a9c1/src/Orders.cs#L30)\n", report);
    }

    [Fact]
    public void IdenticalStacksAreOneSectionNamingTheirThreads()
    {
        // Given: five idle workers with one stack, and one that sleeps.
        var builder = new SnapshotBuilder();
        for (int i = 1; i <= 5; i++)
        {
            builder.Thread(200 + i, $"worker-{i}").Sleeps().Frame("System.Threading.Thread.Sleep(Int32)", "System.Private.CoreLib.dll");
        }
        Snapshot snapshot = builder.Thread(300, "other").Sleeps().Build();

        // When
        string report = Report(snapshot);

        // Then
        Assert.Contains("<details><summary>5 threads: \"worker-1\" (tid 201), \"worker-2\" (tid 202), \"worker-3\" (tid 203) and 2 more " +
            "— sleeping (Thread.Sleep)</summary>\n\n- `System.Threading.Thread.Sleep(Int32)`\n", report);
        Assert.Equal(2, report.Split("<details>").Length - 1);
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


    [GeneratedRegex("<summary>tid ([0-9]+)")]
    private static partial Regex SummaryTid();
}
