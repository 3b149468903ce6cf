using System.Text.Json;

namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// Regression dumps of scenarios run on .NET 8, 9 and 11 (self-contained; made by
/// scripts/make-version-fixtures), analysed here with .NET 10: the DAC of each dump's runtime
/// comes from its runtime pack, restored from NuGet by this project.
/// </summary>
public sealed class OtherRuntimeVersionTests
{
    [Theory]
    [InlineData("TwoLocks-8.0.29.core.zst", "8.0.29", "TwoLocks.Resource", "Monitor", "thread-1", "thread-2")]
    [InlineData("TwoLocks-9.0.18.core.zst", "9.0.18", "TwoLocks.Resource", "Monitor", "thread-1", "thread-2")]
    [InlineData("LockCycle-9.0.18.core.zst", "9.0.18", "System.Threading.Lock", "Lock", "lock-1", "lock-2")]
    [InlineData("TwoLocks-11.0.0.core.zst", "11.0.0", "TwoLocks.Resource", "Monitor", "thread-1", "thread-2")]
    [InlineData("LockCycle-11.0.0.core.zst", "11.0.0", "System.Threading.Lock", "Lock", "lock-1", "lock-2")]
    public void CompressedDumpOfAnOlderRuntimeShowsItsDeadlock(string file, string version, string lockType, string kind, string first, string second)
    {
        ProcessResult result = DumpLockCli.Run("analyze", Fixture(file), "--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        JsonElement report = JsonDocument.Parse(result.StdOut).RootElement;
        Assert.Equal(version, report.GetProperty("source").Str("runtimeVersion"));
        var deadlock = Assert.Single(report.GetProperty("deadlocks").EnumerateArray());
        JsonAssert.IsRing(deadlock);
        var threads = report.GetProperty("threads").EnumerateArray().ToList();
        string?[] names = deadlock.GetProperty("threads").Ints()
            .Select(t => threads.Single(x => x.GetProperty("osThreadId").GetInt32() == t).Str("name")).Order().ToArray();
        Assert.Equal(new string?[] { first, second }, names);
        Assert.All(report.GetProperty("locks").EnumerateArray(), l =>
        {
            Assert.Equal(lockType, l.Str("objectType"));
            Assert.Equal(kind, l.Str("kind"));
        });
    }

    [Fact]
    public void WithoutItsDacTheDumpIsRejectedNamingTheVersionAndTheFix()
    {
        string emptyCache = Directory.CreateTempSubdirectory("dumplock-nuget-").FullName;
        try
        {
            ProcessResult result = DumpLockCli.RunWith(Directory.GetCurrentDirectory(),
                new Dictionary<string, string> { ["NUGET_PACKAGES"] = emptyCache }, "analyze", Fixture("TwoLocks-8.0.29.core.zst"));

            Assert.True(result.ExitCode == 2, result.ToString());
            string line = Assert.Single(result.StdErrLines);
            Assert.Contains(".NET 8.0.29", line);
            Assert.Contains("dumplock dac fetch 8.0.29", line);
        }
        finally
        {
            Directory.Delete(emptyCache, recursive: true);
        }
    }

    [Fact]
    public void DacFetchRestoresTheRuntimePackThatThenReadsTheDump()
    {
        string emptyCache = Directory.CreateTempSubdirectory("dumplock-nuget-").FullName;
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = emptyCache };
        try
        {
            ProcessResult fetch = DumpLockCli.RunWith(Directory.GetCurrentDirectory(), environment, "dac", "fetch", "8.0.29");
            ProcessResult analyze = DumpLockCli.RunWith(Directory.GetCurrentDirectory(), environment, "analyze", Fixture("TwoLocks-8.0.29.core.zst"));

            Assert.True(fetch.ExitCode == 0, fetch.ToString());
            Assert.Equal(Path.Combine(emptyCache, "microsoft.netcore.app.runtime.linux-x64", "8.0.29", "runtimes", "linux-x64", "native", "libmscordaccore.so"),
                fetch.StdOut.Trim());
            Assert.True(analyze.ExitCode == 1, analyze.ToString());
        }
        finally
        {
            Directory.Delete(emptyCache, recursive: true);
        }
    }

    [Fact]
    public void DacFetchOfAVersionTheFeedsLackExitsWith2AndOneLine()
    {
        ProcessResult fetch = DumpLockCli.Run("dac", "fetch", "8.0.999");

        Assert.True(fetch.ExitCode == 2, fetch.ToString());
        Assert.Contains("cannot restore Microsoft.NETCore.App.Runtime.linux-x64 8.0.999", Assert.Single(fetch.StdErrLines));
    }

    private static string Fixture(string file) => Path.Combine(RepoPaths.Root, "dumps-fixtures", "dumps", file);
}
