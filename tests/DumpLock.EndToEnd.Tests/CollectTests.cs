using System.Diagnostics;

namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// <c>dumplock collect</c> against a live scenario (Convoy, kept running for the class) and
/// against PIDs that are not reachable .NET processes.
/// </summary>
public sealed class CollectTests(RunningConvoy convoy) : IClassFixture<RunningConvoy>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dumplock-collect-").FullName;

    [Fact]
    public void ExistingFileIsNotOverwrittenWithoutForce()
    {
        string path = Path.Combine(_directory, "core.existing");
        File.WriteAllText(path, "keep me");

        ProcessResult refused = DumpLockCli.Run("collect", convoy.Pid.ToString(), "-o", path);

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("already exists; use --force", Assert.Single(refused.StdErrLines));
        Assert.Equal("keep me", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_directory));
    }

    [Fact]
    public void ForceReplacesAnExistingFileWithAnAnalysableDump()
    {
        string path = Path.Combine(_directory, "core.forced");
        File.WriteAllText(path, "old");

        ProcessResult collect = DumpLockCli.Run("collect", convoy.Pid.ToString(), "-o", path, "--force");
        ProcessResult analyze = DumpLockCli.Run("analyze", path);

        Assert.True(collect.ExitCode == 0, collect.ToString());
        Assert.True(analyze.ExitCode == 0, analyze.ToString());
        Assert.Contains("Blocking chain rooted at \"holder\"", analyze.StdOut);
    }

    [Fact]
    public void DefaultPathIsCorePidInTheCurrentDirectory()
    {
        ProcessResult collect = DumpLockCli.RunIn(_directory, "collect", convoy.Pid.ToString());

        Assert.True(collect.ExitCode == 0, collect.ToString());
        Assert.Equal([Path.Combine(_directory, $"core.{convoy.Pid}")], Directory.GetFiles(_directory));
    }

    [Fact]
    public void CompressedDumpIsSmallerAndAnalysesAsIs()
    {
        ProcessResult plain = DumpLockCli.RunIn(_directory, "collect", convoy.Pid.ToString());
        ProcessResult compressed = DumpLockCli.RunIn(_directory, "collect", convoy.Pid.ToString(), "--compress");
        string zst = Path.Combine(_directory, $"core.{convoy.Pid}.zst");
        ProcessResult analyze = DumpLockCli.Run("analyze", zst);

        Assert.True(compressed.ExitCode == 0, compressed.ToString());
        Assert.True(plain.ExitCode == 0, plain.ToString());
        long ratio = new FileInfo(Path.Combine(_directory, $"core.{convoy.Pid}")).Length / new FileInfo(zst).Length;
        Assert.True(ratio >= 10, $"compressed only {ratio}x");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(zst));
        Assert.True(analyze.ExitCode == 0, analyze.ToString());
        Assert.Contains("Blocking chain rooted at \"holder\"", analyze.StdOut);
        Assert.DoesNotContain(Directory.GetDirectories(Path.GetTempPath(), "dumplock-*"), d => File.Exists(Path.Combine(d, "core")));
    }

    [Fact]
    public void PsListsTheScenarioAndCollectFindsItByName()
    {
        ProcessResult ps = DumpLockCli.Run("ps");
        ProcessResult collect = DumpLockCli.RunIn(_directory, "collect", "--name", "Convoy");

        Assert.True(ps.ExitCode == 0, ps.ToString());
        Assert.Contains(ps.StdOut.Split('\n'), line => line.TrimStart().StartsWith($"{convoy.Pid} ", StringComparison.Ordinal) && line.Contains("Convoy.dll"));
        Assert.True(collect.ExitCode == 0, collect.ToString());
        Assert.True(File.Exists(Path.Combine(_directory, $"core.{convoy.Pid}")));
    }

    [Fact]
    public void AmbiguousNameListsTheCandidatesAndWritesNothing()
    {
        using ScenarioProcess second = ScenarioProcess.StartAndWaitForReady("Convoy");

        ProcessResult collect = DumpLockCli.RunIn(_directory, "collect", "--name", "Convoy");

        Assert.True(collect.ExitCode == 2, collect.ToString());
        string line = Assert.Single(collect.StdErrLines);
        Assert.Contains("several .NET processes are named 'Convoy'", line);
        Assert.Contains($"{convoy.Pid} (", line);
        Assert.Contains($"{second.Pid} (", line);
        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }

    [Fact]
    public void LiveProcessAnalysisFindsTheChainAndLeavesTheProcessRunning()
    {
        ProcessResult live = DumpLockCli.Run("analyze", "--pid", convoy.Pid.ToString(), "--format", "json");

        Assert.True(live.ExitCode == 0, live.ToString());
        using var report = System.Text.Json.JsonDocument.Parse(live.StdOut);
        Assert.Equal("process", report.RootElement.GetProperty("source").Str("kind"));
        Assert.Equal(convoy.Pid, report.RootElement.GetProperty("source").GetProperty("pid").GetInt32());
        Assert.Equal(8, report.RootElement.GetProperty("blockingChains")[0].GetProperty("blockedThreads").GetArrayLength());
        Assert.False(convoy.HasExited);
        Assert.DoesNotContain("State:\tT", File.ReadAllText($"/proc/{convoy.Pid}/status"));
    }

    [Fact]
    public void VersionIsPrinted()
    {
        ProcessResult version = DumpLockCli.Run("--version");

        Assert.Matches(@"^dumplock \d+\.\d+\.\d+\n$", version.StdOut);
    }

    [Fact]
    public void MiniDumpAnalysisWarnsWhatItCouldNotSee()
    {
        string path = Path.Combine(_directory, "core.mini");
        ProcessResult collect = DumpLockCli.Run("collect", convoy.Pid.ToString(), "-o", path, "--type", "mini");
        ProcessResult analyze = DumpLockCli.Run("analyze", path, "--format", "json");

        Assert.True(collect.ExitCode == 0, collect.ToString());
        Assert.Contains("no GC heap", analyze.StdErr);
        using var report = System.Text.Json.JsonDocument.Parse(analyze.StdOut);
        Assert.Contains(report.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("no GC heap"));
    }

    [Fact]
    public void MissingOutputDirectoryExitsWith2AndWritesNothing()
    {
        string path = Path.Combine(_directory, "no-such-dir", "core.x");
        ProcessResult result = DumpLockCli.Run("collect", convoy.Pid.ToString(), "-o", path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("does not exist", Assert.Single(result.StdErrLines));
        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }

    [Fact]
    public void PidOfNoProcessExitsWith2AndOneLine()
    {
        ProcessResult result = DumpLockCli.RunIn(_directory, "collect", "999999999");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("dumplock: no process with PID 999999999", Assert.Single(result.StdErrLines));
        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }

    [Fact]
    public void NonDotNetProcessExitsWith2AndOneLineEvenBesideAStaleSocketOfItsPid()
    {
        using Process sleep = Process.Start("sleep", "60");
        // A killed .NET process that had this PID before left its socket behind; its start time
        // (the socket's disambiguator) is not this process's.
        string stale = Path.Combine(Path.GetTempPath(), $"dotnet-diagnostic-{sleep.Id}-1-socket");
        File.WriteAllText(stale, "");
        try
        {
            ProcessResult result = DumpLockCli.RunIn(_directory, "collect", sleep.Id.ToString());

            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains("is not a .NET process", Assert.Single(result.StdErrLines));
            Assert.Empty(Directory.GetFileSystemEntries(_directory));
        }
        finally
        {
            sleep.Kill();
            File.Delete(stale);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

/// <summary>The Convoy scenario, running for the whole test class.</summary>
public sealed class RunningConvoy : IDisposable
{
    private readonly ScenarioProcess _process = ScenarioProcess.StartAndWaitForReady("Convoy");

    public int Pid => _process.Pid;

    public bool HasExited => _process.HasExited;

    public void Dispose() => _process.Dispose();
}
