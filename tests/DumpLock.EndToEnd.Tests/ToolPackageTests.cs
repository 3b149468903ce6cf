using System.Diagnostics;

namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// The .NET tool installs as a <c>dumplock</c> command that is the NativeAOT binary, from the two
/// packages the README's Install section packs: the linux-x64 one and the one pointing to it.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dumplock-tool-").FullName;

    [Fact]
    public void PackedToolInstallsAsANativeDumplockCommandThatAnalysesADump()
    {
        string packages = Path.Combine(_directory, "packages");
        string tools = Path.Combine(_directory, "tools");
        string project = Path.Combine(RepoPaths.Root, "src", "DumpLock.Cli");
        Run("dotnet", "pack", project, "-r", "linux-x64", "-c", RepoPaths.Configuration, "-o", packages);
        // --no-build: the pointer package holds no binaries; pack what the test run built.
        Run("dotnet", "pack", project, "--no-build", "-c", RepoPaths.Configuration, "-o", packages);
        Run("dotnet", "tool", "install", "dumplock", "--tool-path", tools, "--add-source", packages);

        string command = Path.Combine(tools, "dumplock");
        ProcessResult version = Run(command, "--version");
        ProcessResult analyze = Run(command,
            ["analyze", Path.Combine(RepoPaths.Root, "dumps-fixtures", "dumps", "TwoLocks-9.0.18.core.zst")], expectedExitCode: 1);

        Assert.Matches(@"^dumplock \d+\.\d+\.\d+\n$", version.StdOut);
        Assert.Contains("Found one deadlock (2 threads):", analyze.StdOut);
        // The command is the native executable itself, not a shim that starts dotnet dumplock.dll.
        string installed = new FileInfo(command).ResolveLinkTarget(returnFinalTarget: true)!.FullName;
        Assert.Equal("\u007fELF"u8.ToArray(), File.ReadAllBytes(installed)[..4]);
        Assert.Empty(Directory.GetFiles(Path.Combine(tools, ".store"), "dumplock.dll", SearchOption.AllDirectories));
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
