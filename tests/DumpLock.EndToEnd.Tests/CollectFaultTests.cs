using System.Threading;

namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// Collections that cannot succeed: a full or read-only disk, a symlink where the dump should go,
/// a target that dies mid-write. Each ends with a clear line and exit code 2, and never leaves a
/// file under the final name that is not a whole dump.
/// </summary>
public sealed class CollectFaultTests(RunningConvoy convoy) : IClassFixture<RunningConvoy>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dumplock-faults-").FullName;

    [RootFact]
    public void FullDiskFailsWithOneLineAndLeavesNothing()
    {
        using TmpfsMount? disk = TmpfsMount.TryMount("size=8m");
        Assert.NotNull(disk);

        ProcessResult result = DumpLockCli.Run("collect", convoy.Pid.ToString(), "-o", Path.Combine(disk.Path, "core.full"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("No space left on device", Assert.Single(result.StdErrLines));
        Assert.Empty(Directory.GetFileSystemEntries(disk.Path));
    }

    [RootFact]
    public void CompressedDumpNeedsRoomOnlyForItsCompressedSelf()
    {
        // A heap dump of Convoy is ~90 MB, compressed ~3 MB: written whole first, it would not fit.
        using TmpfsMount? disk = TmpfsMount.TryMount("size=16m");
        Assert.NotNull(disk);
        string path = Path.Combine(disk.Path, "core.zst");

        ProcessResult collect = DumpLockCli.Run("collect", convoy.Pid.ToString(), "-o", path, "--compress");
        ProcessResult analyze = DumpLockCli.Run("analyze", path);

        Assert.True(collect.ExitCode == 0, collect.ToString());
        Assert.Equal([path], Directory.GetFileSystemEntries(disk.Path));
        Assert.True(analyze.ExitCode == 0, analyze.ToString());
        Assert.Contains("Blocking chain rooted at \"holder\"", analyze.StdOut);
    }

    [RootFact]
    public void CompressedDumpIsReadInPlaceWithoutRoomToDecompressIt()
    {
        // The temporary directory is far too small for the ~90 MB dump: collect's seekable .zst is
        // read in place; the same dump recompressed by the zstd tool (no seek table) must be
        // decompressed whole first, and fails for want of room.
        using TmpfsMount? tiny = TmpfsMount.TryMount("size=1m");
        Assert.NotNull(tiny);
        string zst = Path.Combine(_directory, "core.zst");
        string plain = Path.Combine(_directory, "core");
        string foreign = Path.Combine(_directory, "foreign.zst");
        var smallTemp = new Dictionary<string, string> { ["TMPDIR"] = tiny.Path };

        ProcessResult collect = DumpLockCli.Run("collect", convoy.Pid.ToString(), "-o", zst, "--compress");
        Assert.True(collect.ExitCode == 0, collect.ToString());
        ProcessResult inPlace = DumpLockCli.RunWith(_directory, smallTemp, "analyze", zst);
        Assert.Equal(0, Zstd("-d", "-q", zst, "-o", plain));
        Assert.Equal(0, Zstd("-q", plain, "-o", foreign));
        ProcessResult whole = DumpLockCli.RunWith(_directory, smallTemp, "analyze", foreign);
        ProcessResult fromPlain = DumpLockCli.Run("analyze", plain);

        Assert.True(inPlace.ExitCode == 0, inPlace.ToString());
        Assert.Contains("Blocking chain rooted at \"holder\"", inPlace.StdOut);
        Assert.Equal(fromPlain.StdOut.Replace(plain, zst), inPlace.StdOut);
        Assert.True(whole.ExitCode == 2, whole.ToString());
        Assert.Contains("No space left on device", Assert.Single(whole.StdErrLines));
    }

    private static int Zstd(params string[] args)
    {
        using var zstd = System.Diagnostics.Process.Start("zstd", args);
        zstd.WaitForExit();
        return zstd.ExitCode;
    }

    [RootFact]
    public void FullDiskWhileCompressingFailsWithOneLineAndLeavesNothing()
    {
        using TmpfsMount? disk = TmpfsMount.TryMount("size=1m");
        Assert.NotNull(disk);

        ProcessResult result = DumpLockCli.Run("collect", convoy.Pid.ToString(), "-o", Path.Combine(disk.Path, "core.zst"), "--compress");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("No space left on device", Assert.Single(result.StdErrLines));
        Assert.Empty(Directory.GetFileSystemEntries(disk.Path));
        Assert.False(convoy.HasExited);
    }

    [RootFact]
    public void ReadOnlyDirectoryFailsWithOneLineAndLeavesNothing()
    {
        using TmpfsMount? disk = TmpfsMount.TryMount("ro,size=1m");
        Assert.NotNull(disk);

        ProcessResult result = DumpLockCli.Run("collect", convoy.Pid.ToString(), "-o", Path.Combine(disk.Path, "core.ro"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Read-only file system", Assert.Single(result.StdErrLines));
        Assert.Empty(Directory.GetFileSystemEntries(disk.Path));
    }

    [Fact]
    public void SymlinkAtTheOutputPathIsNeitherFollowedNorReplacedWithoutForce()
    {
        string victim = Path.Combine(_directory, "victim");
        File.WriteAllText(victim, "precious");
        string link = Path.Combine(_directory, "core.link");
        File.CreateSymbolicLink(link, victim);

        ProcessResult refused = DumpLockCli.Run("collect", convoy.Pid.ToString(), "-o", link);
        ProcessResult forced = DumpLockCli.Run("collect", convoy.Pid.ToString(), "-o", link, "--force");

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("already exists", Assert.Single(refused.StdErrLines));
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Null(new FileInfo(link).LinkTarget);
    }

    [Fact]
    public async Task TwoCollectionsAtOnceBothSucceedOrOneFailsCleanly()
    {
        string first = Path.Combine(_directory, "core.first");
        string second = Path.Combine(_directory, "core.second");
        var runs = new[] { first, second }
            .Select(path => Task.Run(() => DumpLockCli.Run("collect", convoy.Pid.ToString(), "-o", path)))
            .ToArray();
        ProcessResult[] results = await Task.WhenAll(runs);

        Assert.Contains(results, r => r.ExitCode == 0);
        foreach (var (result, path) in results.Zip([first, second]))
        {
            if (result.ExitCode == 0)
            {
                ProcessResult analyze = DumpLockCli.Run("analyze", path);
                Assert.True(analyze.ExitCode == 0, analyze.ToString());
            }
            else
            {
                Assert.True(result.ExitCode == 2 && result.StdErrLines.Length == 1, result.ToString());
                Assert.False(File.Exists(path));
            }
        }
        Assert.False(convoy.HasExited);
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp-*"));
    }

    [Fact]
    public async Task TargetThatDiesWhileItsDumpIsWrittenLeavesNoFileUnderTheFinalName()
    {
        string path = Path.Combine(_directory, "core.dying");
        ProcessResult result;
        using (ScenarioProcess bank = ScenarioProcess.StartAndWaitForReady("BankTransfer"))
        {
            Task<ProcessResult> collecting = Task.Run(() => DumpLockCli.Run("collect", bank.Pid.ToString(), "-o", path, "--quiet"));
            // Kill as soon as the runtime has started writing (the temporary file appears).
            SpinWait.SpinUntil(() => Directory.GetFiles(_directory, "*.tmp-*").Length > 0 || collecting.IsCompleted, TimeSpan.FromSeconds(30));
            bank.Dispose();
            result = await collecting;
        }

        Assert.Empty(Directory.GetFiles(_directory, "*.tmp-*"));
        if (result.ExitCode == 0)
        {
            // The runtime finished writing before it died: the file must then be a whole dump.
            ProcessResult analyze = DumpLockCli.Run("analyze", path);
            Assert.True(analyze.ExitCode == 1, analyze.ToString());
        }
        else
        {
            Assert.True(result.ExitCode == 2 && result.StdErrLines.Length == 1, result.ToString());
            Assert.False(File.Exists(path));
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
