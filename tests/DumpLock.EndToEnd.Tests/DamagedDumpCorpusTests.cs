namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// The corpus of scripts/make-bad-dumps, made from a fresh (mini, so small) dump of a scenario:
/// truncations, flipped bytes in the ELF header, program headers and notes, non-dumps, and the
/// core of a non-.NET process. Each must end in bounded time with a report or with exit code 2
/// and one line on stderr; never a hang, a crash or a stack trace.
/// </summary>
public sealed class DamagedDumpCorpusTests : IDisposable
{
    private static readonly string[] s_alwaysRejected = ["truncated-", "flipped-header-", "empty", "random", "text", "executable", "core-of-sleep"];

    private readonly string _directory = Directory.CreateTempSubdirectory("dumplock-corpus-").FullName;

    [Fact]
    public void EveryDamagedInputEndsInAReportOrOneLineAndExitCode2()
    {
        string dump = Path.Combine(_directory, "core.mini");
        using (ScenarioProcess scenario = ScenarioProcess.StartAndWaitForReady("TwoLocks"))
        {
            ProcessResult collect = DumpLockCli.Run("collect", scenario.Pid.ToString(), "-o", dump, "--type", "mini");
            Assert.True(collect.ExitCode == 0, collect.ToString());
        }
        string corpus = Path.Combine(_directory, "corpus");
        RunScript(dump, corpus);

        string[] files = Directory.GetFiles(corpus);
        Assert.True(files.Length >= 30, $"only {files.Length} corpus files");
        foreach (string file in files)
        {
            string name = Path.GetFileName(file);
            ProcessResult result = DumpLockCli.Run("analyze", file, "--timeout", "60");

            Assert.False(result.StdErr.Contains("Unhandled exception", StringComparison.Ordinal), $"{name}: {result}");
            Assert.False(result.StdErr.Contains("   at ", StringComparison.Ordinal), $"{name}: {result}");
            // 3: read, but what is missing (the heap, say) keeps the verdict from being sure.
            Assert.True(result.ExitCode is 0 or 1 or 2 or 3, $"{name}: {result}");
            if (s_alwaysRejected.Any(name.StartsWith))
            {
                Assert.True(result.ExitCode == 2, $"{name} was not rejected: {result}");
            }
            if (result.ExitCode == 3)
            {
                Assert.Contains("Verdict: inconclusive", result.StdOut);
            }
            if (result.ExitCode == 2)
            {
                Assert.True(result.StdErrLines is [var line] && line.StartsWith("dumplock: ", StringComparison.Ordinal), $"{name}: {result}");
                Assert.True(result.StdOut.Length == 0, $"{name}: {result}");
            }
        }
    }

    private static void RunScript(string dump, string corpus)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(RepoPaths.Root, "scripts", "make-bad-dumps"), [dump, corpus])
        {
            RedirectStandardError = true,
        };
        using var script = System.Diagnostics.Process.Start(start)!;
        string errors = script.StandardError.ReadToEnd();
        Assert.True(script.WaitForExit(TimeSpan.FromMinutes(2)) && script.ExitCode == 0, $"make-bad-dumps failed: {errors}");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
