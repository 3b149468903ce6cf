namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// Files that are not analysable dumps: each gives exit code 2 and one line on stderr saying
/// what is wrong, never a stack trace.
/// </summary>
[Collection(TwoLocksCollection.Name)]
public sealed class BadInputTests(TwoLocksDump dump) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dumplock-bad-").FullName;

    [Fact]
    public void MissingFileExitsWith2AndOneLine() =>
        AssertRejected(Path.Combine(_directory, "core.404"), "does not exist");

    [Fact]
    public void DirectoryExitsWith2AndOneLine() => AssertRejected(_directory, "is a directory");

    [Fact]
    public void EmptyFileExitsWith2AndOneLine() => AssertRejected(Write("empty", []), "is empty");

    [Fact]
    public void TextFileExitsWith2AndOneLine() =>
        AssertRejected(Write("notes.txt", "the service hung at 3 a.m.\n"u8.ToArray()), "not a core dump");

    [Fact]
    public void RandomBytesExitWith2AndOneLine()
    {
        byte[] bytes = new byte[1 << 20];
        new Random(42).NextBytes(bytes);
        AssertRejected(Write("random", bytes), "not a core dump");
    }

    [Fact]
    public void ZstdFileThatHoldsNoDumpExitsWith2AndOneLine()
    {
        string compressed = Path.Combine(_directory, "core.1.zst");
        Compress(Write("notes.txt", "the service hung at 3 a.m.\n"u8.ToArray()), compressed);
        AssertRejected(compressed, "not a core dump");
    }

    [Fact]
    public void ZstdFileCutInsideItsFirstFrameExitsWith2AndOneLine() =>
        AssertRejected(Write("core.2.zst", [0x28, 0xB5, 0x2F, 0xFD, 0, 0, 0, 0]), "is truncated");

    [Fact]
    public void TruncatedZstdDumpExitsWith2AndOneLine()
    {
        string compressed = Path.Combine(_directory, "core.zst");
        Compress(dump.DumpPath, compressed);
        byte[] head = File.ReadAllBytes(compressed)[..(64 * 1024)];
        AssertRejected(Write("core.truncated.zst", head), "is truncated");
    }

    [Fact]
    public void ElfExecutableThatIsNoDumpExitsWith2AndOneLine() => AssertRejected("/bin/true", "not a core dump");

    [Theory]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    [InlineData(16 << 20)]
    public void TruncatedDumpExitsWith2AndOneLine(int length)
    {
        using FileStream source = File.OpenRead(dump.DumpPath);
        byte[] head = new byte[length];
        source.ReadExactly(head);
        AssertRejected(Write($"core.truncated-{length}", head), "is truncated");
    }

    [RootFact]
    public void UnreadableFileExitsWith2AndSaysPermissionDenied()
    {
        string path = Write("core.secret", [0x7F, (byte)'E', (byte)'L', (byte)'F']);
        File.SetUnixFileMode(path, UnixFileMode.None);
        // The directory must let nobody in, so that only the file's own mode stops it.
        File.SetUnixFileMode(_directory, (UnixFileMode)Convert.ToInt32("755", 8));
        ProcessResult result = DumpLockCli.RunAsNobody(_directory, "analyze", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"dumplock: cannot read '{path}': permission denied", result.StdErr.Trim());
    }

    [Fact]
    public void UnknownFormatIsRejectedBeforeTheDumpIsRead()
    {
        ProcessResult result = DumpLockCli.Run("analyze", dump.DumpPath, "--format", "yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("dumplock: The provided format \"yaml\" is invalid. Available options are: text, json, markdown.", Assert.Single(result.StdErrLines));
        Assert.Empty(result.StdOut);
    }

    private static void Compress(string source, string destination)
    {
        using var zstd = System.Diagnostics.Process.Start("zstd", ["-q", "-1", source, "-o", destination]);
        zstd.WaitForExit();
        Assert.Equal(0, zstd.ExitCode);
    }

    private string Write(string name, byte[] content)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static void AssertRejected(string path, string expectedInMessage)
    {
        ProcessResult result = DumpLockCli.Run("analyze", path);

        Assert.True(result.ExitCode == 2, result.ToString());
        string line = Assert.Single(result.StdErrLines);
        Assert.StartsWith("dumplock: ", line);
        Assert.Contains(expectedInMessage, line);
        Assert.DoesNotContain("Unhandled exception", result.StdErr);
        Assert.DoesNotContain("   at ", result.StdErr);
        Assert.Empty(result.StdOut);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
