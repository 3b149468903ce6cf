using System.Diagnostics;

namespace DumpLock.EndToEnd.Tests;

/// <summary><c>dotnet pack</c> gives a .NET tool that installs as a <c>dumplock</c> command, as the README says.</summary>
public sealed class ToolPackageTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dumplock-tool-").FullName;

    [Fact]
    public void PackedToolInstallsAsADumplockCommandThatAnalysesADump()
    {
        string packages = Path.Combine(_directory, "packages");
        string tools = Path.Combine(_directory, "tools");
        // --no-build: pack what the test run built, rather than rebuild binaries other tests run.
        Run("dotnet", "pack", Path.Combine(RepoPaths.Root, "src", "DumpLock.Cli"), "--no-build", "-c", RepoPaths.Configuration, "-o", packages);
        Run("dotnet", "tool", "install", "dumplock", "--tool-path", tools, "--add-source", packages);

        ProcessResult version = Run(Path.Combine(tools, "dumplock"), "--version");
        ProcessResult analyze = Run(Path.Combine(tools, "dumplock"),
            ["analyze", Path.Combine(RepoPaths.Root, "dumps-fixtures", "dumps", "TwoLocks-9.0.18.core.zst")], expectedExitCode: 1);

        Assert.Matches(@"^dumplock \d+\.\d+\.\d+\n$", version.StdOut);
        Assert.Contains("Found one deadlock (2 threads):", analyze.StdOut);
    }

    private static ProcessResult Run(string program, params string[] args) => Run(program, args, expectedExitCode: 0);

    private static ProcessResult Run(string program, string[] args, int expectedExitCode)
    {
        var start = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), $"{program} {string.Join(' ', args)} did not finish");
        var result = new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
        Assert.True(result.ExitCode == expectedExitCode, $"{program} {string.Join(' ', args)}: {result}");
        return result;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
