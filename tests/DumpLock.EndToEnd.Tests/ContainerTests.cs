namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// A deadlocked service as a container runs it (own PID and mount namespaces, a private /tmp),
/// seen from the host as root: listed, collected by its host PID, and analysed.
/// </summary>
public sealed class ContainerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dumplock-container-").FullName;

    [RootFact]
    public void ContainerProcessIsListedCollectedByHostPidAndAnalysedAsDeadlocked()
    {
        using ScenarioProcess scenario = ScenarioProcess.StartInContainerAndWaitForReady("TwoLocks", "10");
        int pid = scenario.Pid;
        string dump = Path.Combine(_directory, $"core.{pid}");

        ProcessResult ps = DumpLockCli.Run("ps");
        ProcessResult collect = DumpLockCli.Run("collect", pid.ToString(), "-o", dump);
        ProcessResult compressed = DumpLockCli.Run("collect", pid.ToString(), "-o", dump + ".zst", "--compress");
        string[] leftInContainer = Directory.GetFiles($"/proc/{pid}/root/tmp", "core.*");
        ProcessResult analyze = DumpLockCli.Run("analyze", dump, "--format", "json");
        ProcessResult analyzeCompressed = DumpLockCli.Run("analyze", dump + ".zst");

        Assert.Contains(ps.StdOut.Split('\n'), line => line.TrimStart().StartsWith($"{pid} ", StringComparison.Ordinal));
        Assert.True(collect.ExitCode == 0, collect.ToString());
        Assert.True(compressed.ExitCode == 0, compressed.ToString());
        Assert.Empty(leftInContainer);
        Assert.True(analyzeCompressed.ExitCode == 1, analyzeCompressed.ToString());
        Assert.True(analyze.ExitCode == 1, analyze.ToString());
        using var report = System.Text.Json.JsonDocument.Parse(analyze.StdOut);
        Assert.Equal("deadlock", report.RootElement.GetProperty("summary").Str("verdict"));
        var names = report.RootElement.GetProperty("deadlocks")[0].GetProperty("threads").Ints()
            .Select(tid => report.RootElement.GetProperty("threads").EnumerateArray()
                .Single(t => t.GetProperty("osThreadId").GetInt32() == tid).Str("name"))
            .Order();
        Assert.Equal(["thread-1", "thread-2"], names);
    }

    [RootFact]
    public void LiveAnalysisOfAContainerProcessRefusesRatherThanMisreadIt()
    {
        using ScenarioProcess scenario = ScenarioProcess.StartInContainerAndWaitForReady("TwoLocks", "10");

        ProcessResult live = DumpLockCli.Run("analyze", "--pid", scenario.Pid.ToString());

        Assert.True(live.ExitCode == 2, live.ToString());
        Assert.Contains("another PID namespace", Assert.Single(live.StdErrLines));
    }

    [RootFact]
    public void ContainerProcessOfAnotherUserIsNamedAsSuch()
    {
        using ScenarioProcess scenario = ScenarioProcess.StartInContainerAndWaitForReady("TwoLocks", "10");
        // Let nobody into the directory, so that only the process's ownership stops the collection.
        File.SetUnixFileMode(_directory, (UnixFileMode)Convert.ToInt32("777", 8));

        ProcessResult collect = DumpLockCli.RunAsNobody(_directory, "collect", scenario.Pid.ToString(), "-o", Path.Combine(_directory, "core"));

        Assert.True(collect.ExitCode == 2, collect.ToString());
        Assert.Contains($"process {scenario.Pid} belongs to another user", Assert.Single(collect.StdErrLines));
        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }

    [Fact]
    public void ProcessWithDiagnosticsTurnedOffIsNamedAsSuch()
    {
        using ScenarioProcess scenario = ScenarioProcess.StartAndWaitForReady("TwoLocks", "10",
            environment: new Dictionary<string, string> { ["DOTNET_EnableDiagnostics"] = "0" });

        ProcessResult collect = DumpLockCli.RunIn(_directory, "collect", scenario.Pid.ToString());

        Assert.True(collect.ExitCode == 2, collect.ToString());
        Assert.Contains("diagnostic port turned off (DOTNET_EnableDiagnostics=0", Assert.Single(collect.StdErrLines));
        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
