namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// The classic: thread-1 holds A and waits for B, thread-2 holds B and waits for A, and the main
/// thread joins thread-1.
/// </summary>
/// <remarks>
/// Each theory runs on .NET 8, 9, 10 and 11; the golden report, the Markdown report and the dump
/// file's own properties are checked once, on the dump shared with the damaged-dump tests.
/// </remarks>
[Collection(TwoLocksCollection.Name)]
public sealed class TwoLocksTests(TwoLocksDump sdkDump, TwoLocksDumps dumps) : IClassFixture<TwoLocksDumps>
{
    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void AnalyzeExitsWith1AndFindsOneCycleOfTheTwoThreads(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        Assert.True(dump.Json.ExitCode == 1, dump.Json.ToString());
        var deadlock = Assert.Single(dump.Deadlocks);
        string?[] names = deadlock.GetProperty("threads").Ints().Select(dump.NameOf).Order().ToArray();
        Assert.Equal(new string?[] { "thread-1", "thread-2" }, names);
        JsonAssert.IsRing(deadlock);
        Assert.Equal("deadlock", dump.Report.GetProperty("summary").Str("verdict"));
        Assert.Equal(1, dump.Report.GetProperty("summary").GetProperty("deadlockCount").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void EachThreadHoldsOneResourceOnceAndWaitsForTheOther(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        var thread1 = dump.ThreadNamed("thread-1");
        var thread2 = dump.ThreadNamed("thread-2");
        string held1 = Assert.Single(thread1.GetProperty("holds").Strings());
        string held2 = Assert.Single(thread2.GetProperty("holds").Strings());

        Assert.Equal("blocked", thread1.Str("state"));
        Assert.Equal("lock", thread1.GetProperty("waitingFor").Str("kind"));
        Assert.Equal(held2, thread1.GetProperty("waitingFor").Str("lockId"));
        Assert.Equal(held1, thread2.GetProperty("waitingFor").Str("lockId"));
        foreach (string id in new[] { held1, held2 })
        {
            var lockInfo = dump.LockWithId(id);
            Assert.Equal("Monitor", lockInfo.Str("kind"));
            Assert.Equal("TwoLocks.Resource", lockInfo.Str("objectType"));
            Assert.Equal(1, lockInfo.GetProperty("recursion").GetInt32());
            Assert.Single(lockInfo.GetProperty("owners").Ints());
            Assert.Single(lockInfo.GetProperty("waiters").Ints());
        }
    }

    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void MainThreadWaitsForThread1ThroughJoinAndIsBlockedBehindTheDeadlock(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        int thread1 = dump.ThreadNamed("thread-1").GetProperty("osThreadId").GetInt32();
        var main = dump.Threads.Single(t => t.GetProperty("managedThreadId").ValueKind != System.Text.Json.JsonValueKind.Null
            && t.GetProperty("managedThreadId").GetInt32() == 1);

        Assert.Equal("waiting", main.Str("state"));
        Assert.Equal("thread", main.GetProperty("waitingFor").Str("kind"));
        Assert.Equal(thread1, main.GetProperty("waitingFor").GetProperty("osThreadId").GetInt32());
        Assert.Contains(main.GetProperty("osThreadId").GetInt32(), dump.Deadlocks.Single().GetProperty("blockedBehind").Ints());
    }

    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void ScenarioFramesHaveSourceFileAndLine(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        var frames = dump.ThreadNamed("thread-1").GetProperty("frames").EnumerateArray()
            .Where(f => f.Str("module") == "TwoLocks.dll").ToList();

        Assert.NotEmpty(frames);
        Assert.All(frames, f =>
        {
            Assert.EndsWith(".cs", f.Str("file"));
            Assert.StartsWith(Path.Combine(RepoPaths.Root, "dumps-fixtures", "TwoLocks"), f.Str("file"));
            Assert.True(f.GetProperty("line").GetInt32() > 0);
        });
    }

    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void FramesSayWhichLockTheyTookAndWhichTheyWaitFor(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        var thread1 = dump.ThreadNamed("thread-1");
        string held = thread1.GetProperty("holds").Strings().Single();
        string waited = thread1.GetProperty("waitingFor").Str("lockId")!;
        string[] annotations = thread1.GetProperty("frames").EnumerateArray()
            .SelectMany(f => f.GetProperty("annotations").Strings()).ToArray();

        Assert.Contains($"locked {held} (TwoLocks.Resource)", annotations);
        Assert.Contains($"waiting to lock {waited} (TwoLocks.Resource)", annotations);
    }

    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void TextReportShowsTheDeadlockLikeJstack(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        Assert.Equal(1, dump.Text.ExitCode);
        string text = dump.Text.StdOut;
        Assert.Contains("Found one deadlock (2 threads):", text);
        Assert.Contains("\"thread-1\"", text);
        Assert.Matches(@"waiting to lock <0x[0-9a-f]+> \(a TwoLocks\.Resource\)", text);
        Assert.Matches(@"which is held by ""thread-[12]"" \(tid \d+\)", text);
        Assert.Matches(@"- locked <0x[0-9a-f]+> \(a TwoLocks\.Resource\)", text);
        Assert.EndsWith("Found 1 deadlock.\n", text);
    }

    [Fact]
    public void DeadlockAndItsThreadsMatchTheGoldenReport()
    {
        ScenarioDump dump = sdkDump;
        string text = dump.Text.StdOut;
        string stacks = text[text.IndexOf("\nThreads (", StringComparison.Ordinal)..];
        string parts = GoldenText.Paragraph(text, "Found one deadlock")
            + GoldenText.Paragraph(stacks, "\"thread-1\" (tid") + GoldenText.Paragraph(stacks, "\"thread-2\" (tid");

        Assert.Equal(GoldenText.Read("TwoLocks.txt"), GoldenText.Normalise(parts));
    }

    [Fact]
    public void MarkdownReportIsReadyForATicket()
    {
        ScenarioDump dump = sdkDump;
        ProcessResult markdown = DumpLockCli.Run("analyze", dump.DumpPath, "--format", "markdown");

        Assert.True(markdown.ExitCode == 1, markdown.ToString());
        Assert.StartsWith("**Deadlock.** 2 threads wait for each other: \"thread-", markdown.StdOut);
        Assert.Contains("| thread | waits for | held by |", markdown.StdOut);
        Assert.Contains(", .NET 10.", markdown.StdOut);
        Assert.Matches(@"Captured \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\.", markdown.StdOut);
        Assert.Contains("<details><summary>\"thread-1\" (tid ", markdown.StdOut);
        Assert.Matches(@"- `TwoLocks\.Worker\.LockSecond\(\)` in \[.*/dumps-fixtures/TwoLocks/Program\.cs:\d+\]\(https://", markdown.StdOut);
    }

    [Fact]
    public void CollectWritesAnOwnerOnlyDumpAndSaysWhereAndHowBig()
    {
        ScenarioDump dump = sdkDump;
        Assert.Matches(@"^Wrote .*core\.\d+ \(\d+\.\d MB\) in \d+\.\d\d s\n$", dump.Collect.StdOut);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dump.DumpPath));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(dump.DumpPath)!, "*.tmp-*"));
    }
}
