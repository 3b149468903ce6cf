namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// A DAC given with --dac runs as native code in dumplock: it is loaded only when the libcoreclr.so
/// beside it is the very build that wrote the dump (same build-id).
/// </summary>
public sealed class DacCheckTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dumplock-dac-").FullName;

    private static string Dump => Path.Combine(RepoPaths.Root, "dumps-fixtures", "dumps", "TwoLocks-8.0.29.core.zst");

    private static string PackDac(string version) => Path.Combine(
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages ? packages
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        "microsoft.netcore.app.runtime.linux-x64", version, "runtimes", "linux-x64", "native", "libmscordaccore.so");

    [Fact]
    public void TheDacOfTheDumpsOwnBuildIsUsed()
    {
        ProcessResult result = DumpLockCli.Run("analyze", Dump, "--dac", PackDac("8.0.29"));

        Assert.True(result.ExitCode == 1, result.ToString());
    }

    [Fact]
    public void TheDacOfAnotherBuildIsRefusedNamingBothBuildIds()
    {
        ProcessResult result = DumpLockCli.Run("analyze", Dump, "--dac", PackDac("9.0.18"));

        Assert.True(result.ExitCode == 2, result.ToString());
        string line = Assert.Single(result.StdErrLines);
        Assert.Matches(@"is for another runtime build: the libcoreclr\.so beside it has build-id 2ec7d0a4[0-9a-f]+, the dump's has 4328d81d[0-9a-f]+$", line);
        Assert.Empty(result.StdOut);
    }

    [Fact]
    public void ADacWithNoLibcoreclrBesideItIsRefusedAsUncheckable()
    {
        string lone = Path.Combine(_directory, "libmscordaccore.so");
        File.Copy(PackDac("8.0.29"), lone);

        ProcessResult result = DumpLockCli.Run("analyze", Dump, "--dac", lone);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("cannot be checked against the dump: there is no readable libcoreclr.so beside it", Assert.Single(result.StdErrLines));
    }

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
        GC.SuppressFinalize(this);
    }
}
