using System.Diagnostics;

namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// TwoLocks compiled with NativeAOT: a .NET process no DAC can read. collect, watch, analyze --pid
/// and analyze of its core (taken with gdb's gcore, as a user would) each say so in one line, exit 2.
/// </summary>
public sealed class NativeAotTests : IDisposable
{
    private const string Refusal = "is a NativeAOT app, which DumpLock cannot read";

    private readonly string _directory = Directory.CreateTempSubdirectory("dumplock-native-aot-").FullName;
    private readonly ScenarioProcess _scenario = ScenarioProcess.StartProgramAndWaitForReady("TwoLocks", RepoPaths.NativeAotScenario("TwoLocks"));

    [Fact]
    public void CollectNamesNativeAotAndWritesNothing()
    {
        ProcessResult collect = DumpLockCli.RunIn(_directory, "collect", _scenario.Pid.ToString());

        Assert.True(collect.ExitCode == 2, collect.ToString());
        Assert.Contains($"process {_scenario.Pid} {Refusal}", Assert.Single(collect.StdErrLines));
        Assert.Contains("gdb or lldb", collect.StdErr);
        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }

    [Fact]
    public void WatchNamesNativeAotAndWritesNothing()
    {
        ProcessResult watch = DumpLockCli.Run("watch", _scenario.Pid.ToString(), "-o", _directory);

        Assert.True(watch.ExitCode == 2, watch.ToString());
        Assert.Contains($"process {_scenario.Pid} {Refusal}", Assert.Single(watch.StdErrLines));
        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }

    [Fact]
    public void LiveAnalysisNamesNativeAot()
    {
        ProcessResult live = DumpLockCli.Run("analyze", "--pid", _scenario.Pid.ToString());

        Assert.True(live.ExitCode == 2, live.ToString());
        Assert.Contains(Refusal, Assert.Single(live.StdErrLines));
    }

    [Fact]
    public void AnalysisOfItsCoreNamesNativeAot()
    {
        string prefix = Path.Combine(_directory, "core");
        using (Process gcore = Process.Start(new ProcessStartInfo("gcore", ["-o", prefix, _scenario.Pid.ToString()])
            { RedirectStandardOutput = true, RedirectStandardError = true })!)
        {
            gcore.WaitForExit();
            Assert.True(gcore.ExitCode == 0, gcore.StandardError.ReadToEnd());
        }

        ProcessResult analyze = DumpLockCli.Run("analyze", $"{prefix}.{_scenario.Pid}");

        Assert.True(analyze.ExitCode == 2, analyze.ToString());
        Assert.Contains($"is a dump of a NativeAOT app, which DumpLock cannot read", Assert.Single(analyze.StdErrLines));
    }

    public void Dispose()
    {
        _scenario.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
