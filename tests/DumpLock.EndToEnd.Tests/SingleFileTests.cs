namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// TwoLocks shipped as one single-file executable, on the installed runtime (10) and on one that
/// is not installed (11): a plain <c>collect</c> takes the full dump such an app's runtime
/// requires and says so; once the app and its folder are gone, <c>analyze</c> still names the
/// runtime's version and finds the deadlock.
/// </summary>
public sealed class SingleFileTests : IDisposable
{
    private readonly string _appDirectory = Directory.CreateTempSubdirectory("dumplock-single-file-app-").FullName;
    private readonly string _dumpDirectory = Directory.CreateTempSubdirectory("dumplock-single-file-").FullName;

    [Theory]
    [InlineData("10", "10.0.12")]
    [InlineData("11", "11.0.0")]
    public void PlainCollectTakesAFullDumpThatAnalysesWithTheRuntimeVersionAfterTheAppIsGone(string runtime, string version)
    {
        string dump = CollectFromACopy(runtime);

        ProcessResult analyze = DumpLockCli.Run("analyze", dump);

        Assert.True(analyze.ExitCode == 1, analyze.ToString());
        Assert.Contains($", .NET {version}, linux x64", analyze.StdOut.Split('\n')[0]);
        Assert.Contains("Verdict: deadlock", analyze.StdOut);
    }

    [Fact]
    public void MissingDacAdviceNamesTheBundledRuntimeVersion()
    {
        string dump = CollectFromACopy("11");
        string emptyCache = Directory.CreateDirectory(Path.Combine(_appDirectory, "empty-nuget-cache")).FullName;

        ProcessResult analyze = DumpLockCli.RunWith(Directory.GetCurrentDirectory(),
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = emptyCache }, "analyze", dump);

        Assert.True(analyze.ExitCode == 2, analyze.ToString());
        Assert.Contains("run 'dumplock dac fetch 11.0.0'", Assert.Single(analyze.StdErrLines));
    }

    /// <summary>Runs a copy of the publish, collects it plainly, then kills it and deletes the copy.</summary>
    private string CollectFromACopy(string runtime)
    {
        string program = Path.Combine(_appDirectory, "TwoLocks");
        File.Copy(RepoPaths.SingleFileScenario("TwoLocks", runtime), program);
        string dump = Path.Combine(_dumpDirectory, "core.TwoLocks");
        ProcessResult collect;
        using (ScenarioProcess scenario = ScenarioProcess.StartProgramAndWaitForReady("TwoLocks", program))
        {
            collect = DumpLockCli.Run("collect", scenario.Pid.ToString(), "-o", dump);
        }
        File.Delete(program);

        Assert.True(collect.ExitCode == 0, collect.ToString());
        Assert.Contains("is a single-file app, whose runtime writes only full dumps: taking a full dump", Assert.Single(collect.StdErrLines));
        return dump;
    }

    public void Dispose()
    {
        Directory.Delete(_appDirectory, recursive: true);
        Directory.Delete(_dumpDirectory, recursive: true);
    }
}
