using System.Text.Json;

namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// Reports a person reads: the convoy's eight identical waiters shown once, Mermaid graphs that
/// Mermaid itself parses, frames linked through SourceLink, and help screens.
/// </summary>
public sealed class ReadableReportTests(ConvoyDumps convoy, TwoLocksDump twoLocks, MermaidChecker mermaid)
    : IClassFixture<ConvoyDumps>, IClassFixture<TwoLocksDump>, IClassFixture<MermaidChecker>
{
    [Fact]
    public void ConvoyTextReportSaysTheVerdictFirstAndShowsTheEightWaitersOnce()
    {
        ScenarioDump dump = convoy["10"];
        string text = dump.Text.StdOut;
        string threads = text[text.IndexOf("\nThreads (", StringComparison.Ordinal)..];

        // The first line names the dump's path; the header after it says what the report is about.
        Assert.StartsWith("dumplock ", text);
        string parts = GoldenText.Paragraph(text, "Verdict: ")
            + GoldenText.Paragraph(threads, "\"holder\" (tid") + GoldenText.Paragraph(threads, "8 threads with this stack:");

        Assert.Equal(GoldenText.Flat(GoldenText.Read("Convoy.txt")), GoldenText.Flat(GoldenText.Normalise(parts)));
    }

    [Fact]
    public void ConvoyMarkdownReportMatchesTheGoldenReport()
    {
        ProcessResult markdown = DumpLockCli.Run("analyze", convoy["10"].DumpPath, "--format", "markdown");
        string report = markdown.StdOut;

        Assert.True(markdown.ExitCode == 0, markdown.ToString());
        string[] head = report[..report.IndexOf("\n### Threads", StringComparison.Ordinal)].Split('\n');
        // Where and when the dump was taken varies; the rest must not.
        Assert.Single(head, line => line.StartsWith("Dump `", StringComparison.Ordinal));
        string golden = string.Join('\n', head.Select(l => l.StartsWith("Dump `", StringComparison.Ordinal) ? "<SOURCE>" : l)) + "\n";
        Assert.Equal(GoldenText.Read("Convoy.md"), GoldenText.Normalise(golden));
    }

    [Fact]
    public void ConvoyJsonReportMatchesTheGoldenReport()
    {
        ScenarioDump dump = convoy["10"];

        Assert.Equal(0, dump.Json.ExitCode);
        Assert.Equal(GoldenText.Read("Convoy.json"), GoldenText.NormaliseJson(dump.Report, "summary", "locks", "blockingChains"));
    }

    [Fact]
    public void MermaidParsesEveryGraphOfADeadlockAndOfAChain()
    {
        string deadlock = DumpLockCli.Run("analyze", twoLocks.DumpPath, "--format", "markdown").StdOut;
        string chain = DumpLockCli.Run("analyze", convoy["10"].DumpPath, "--format", "markdown").StdOut;

        ProcessResult deadlockCheck = mermaid.Check(deadlock);
        ProcessResult chainCheck = mermaid.Check(chain);

        Assert.True(deadlockCheck.ExitCode == 0, deadlockCheck.ToString());
        Assert.Equal("1 blocks parsed\n", deadlockCheck.StdOut);
        Assert.True(chainCheck.ExitCode == 0, chainCheck.ToString());
        Assert.Equal("1 blocks parsed\n", chainCheck.StdOut);
        // The checker can fail: a label with an unescaped quote is rejected.
        Assert.Equal(1, mermaid.Check("```mermaid\nflowchart LR\n  a[\"x \"y\"] --> b\n```\n").ExitCode);
    }

    [Fact]
    public void FramesLinkToTheirSourceThroughThePdbsSourceLinkMap()
    {
        // TwoLocks.csproj maps dumps-fixtures/* to this URL prefix in its PDB.
        const string Prefix = "https://raw.githubusercontent.com/dumplock/dumplock/0123456789abcdef0123456789abcdef01234567/dumps-fixtures/";
        JsonElement frame = twoLocks.ThreadNamed("thread-1").GetProperty("frames").EnumerateArray()
            .First(f => f.Str("method") == "TwoLocks.Worker.LockSecond()");
        string markdown = DumpLockCli.Run("analyze", twoLocks.DumpPath, "--format", "markdown").StdOut;

        Assert.Equal(Prefix + "TwoLocks/Program.cs", frame.Str("sourceUrl"));
        int line = frame.GetProperty("line").GetInt32();
        Assert.Contains($"- `TwoLocks.Worker.LockSecond()` in [{frame.Str("file")}:{line}]" +
            $"(https://github.com/dumplock/dumplock/blob/0123456789abcdef0123456789abcdef01234567/dumps-fixtures/TwoLocks/Program.cs#L{line})\n", markdown);
        // A scenario built without a map has no URL.
        Assert.DoesNotContain(convoy["10"].Threads.SelectMany(t => t.GetProperty("frames").EnumerateArray()), f => f.TryGetProperty("sourceUrl", out _));
    }

    [Fact]
    public void AllThreadsShowsEachWaiterSeparately()
    {
        ProcessResult all = DumpLockCli.Run("analyze", convoy["10"].DumpPath, "--all-threads");

        Assert.Equal(0, all.ExitCode);
        Assert.All(Enumerable.Range(1, 8), i => Assert.Contains($"\"waiter-{i}\" (tid ", all.StdOut));
        Assert.DoesNotContain("threads with this stack", all.StdOut);
    }
}

/// <summary>
/// A deadlock among 20 idle threads with one stack (TwoLocks idle 20, .NET 10), in every format:
/// the verdict, the code to fix, the graph and the deadlocked threads first, the idle ones merged.
/// </summary>
public sealed class DeadlockAmongIdleThreadsTests(TwoLocksAmongIdleDump dump) : IClassFixture<TwoLocksAmongIdleDump>
{
    [Fact]
    public void TextReportMatchesTheGoldenReport()
    {
        string text = dump.Text.StdOut;
        string threads = text[text.IndexOf("\nThreads (", StringComparison.Ordinal)..];

        Assert.Equal(1, dump.Text.ExitCode);
        string parts = GoldenText.Paragraph(text, "Verdict: ") + GoldenText.Paragraph(text, "Found one deadlock")
            + GoldenText.Paragraph(threads, "\"thread-1\" (tid") + GoldenText.Paragraph(threads, "20 threads with this stack:");
        Assert.Equal(GoldenText.Flat(GoldenText.Read("TwoLocksAmongIdle.txt")), GoldenText.Flat(GoldenText.Normalise(parts)));
    }

    [Fact]
    public void MarkdownReportMatchesTheGoldenReport()
    {
        ProcessResult markdown = DumpLockCli.Run("analyze", dump.DumpPath, "--format", "markdown");
        string report = markdown.StdOut;
        string[] head = report[..report.IndexOf("\n### Threads", StringComparison.Ordinal)].Split('\n');
        string idle = report[report.IndexOf("<details><summary>20 threads:", StringComparison.Ordinal)..];

        Assert.Equal(1, markdown.ExitCode);
        string golden = string.Join('\n', head.Select(l => l.StartsWith("Dump `", StringComparison.Ordinal) ? "<SOURCE>" : l))
            + "\n...\n" + idle[..(idle.IndexOf("</details>", StringComparison.Ordinal) + "</details>".Length)] + "\n";
        Assert.Equal(GoldenText.Read("TwoLocksAmongIdle.md"), GoldenText.Normalise(golden));
    }

    [Fact]
    public void JsonReportMatchesTheGoldenReportAndGroupsTheIdleThreads()
    {
        Assert.Equal(1, dump.Json.ExitCode);
        Assert.Equal(GoldenText.Read("TwoLocksAmongIdle.json"), GoldenText.NormaliseJson(dump.Report, "summary", "deadlocks"));

        // The groups hold every thread once: the deadlocked pair first, each alone, then the 20 idle threads as one.
        var groups = dump.Report.GetProperty("threadGroups").EnumerateArray().ToList();
        Assert.Equal(dump.Threads.Select(t => t.GetProperty("osThreadId").GetInt32()).Order(),
            groups.SelectMany(g => g.GetProperty("threads").Ints()).Order());
        Assert.Equal(["thread-1", "thread-2"], groups.Take(2).Select(g => dump.NameOf(g.GetProperty("threads").Ints().Single())));
        Assert.All(groups.Take(2), g => Assert.True(g.GetProperty("matters").GetBoolean()));
        JsonElement idle = Assert.Single(groups, g => g.GetProperty("threads").GetArrayLength() == 20);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"idle-{i}").Order(), idle.GetProperty("threads").Ints().Select(dump.NameOf).Order());
        Assert.False(idle.GetProperty("matters").GetBoolean());
    }
}
