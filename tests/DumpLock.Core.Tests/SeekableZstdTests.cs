using System.Buffers.Binary;
using System.Diagnostics;
using DumpLock.Compression;
using DumpLock.Compression.Zstd;

namespace DumpLock.Core.Tests;

/// <summary>
/// The .zst that <c>collect --compress</c> writes: zstd's seekable format, read in place by
/// frames, still a plain .zst to the zstd tool; and the .zst files from elsewhere, read whole.
/// </summary>
public sealed class SeekableZstdTests : IDisposable
{
    private const int Frame = SeekableZstdWriter.FrameSize;

    private readonly string _directory = Directory.CreateTempSubdirectory("dumplock-zstd-").FullName;

    /// <summary>Like a dump: runs of zeros (unmapped and fresh pages) between incompressible bytes, not a whole number of frames.</summary>
    private static byte[] Content()
    {
        var random = new Random(7);
        byte[] content = new byte[3 * Frame + Frame / 2 + 123];
        random.NextBytes(content.AsSpan(0, Frame / 3));
        random.NextBytes(content.AsSpan(2 * Frame - 100, 300));
        random.NextBytes(content.AsSpan(3 * Frame + 5, Frame / 2));
        return content;
    }

    private string WriteSeekable(byte[] content, int chunk = 100_000)
    {
        string path = Path.Combine(_directory, "core.zst");
        using (Stream writer = DumpCompression.ZstdWriter(File.Create(path)))
        {
            // In uneven pieces, as a pipe delivers them.
            for (int at = 0; at < content.Length; at += chunk)
            {
                writer.Write(content, at, Math.Min(chunk, content.Length - at));
            }
        }
        return path;
    }

    [Fact]
    public void ReadsAnyRangeBackDecompressingOnlyTheFramesItTouches()
    {
        byte[] content = Content();
        using SeekableZstdStream stream = DumpCompression.OpenSeekable(WriteSeekable(content), CompressionKind.Zstd)!;

        Assert.Equal(content.Length, stream.Length);
        byte[] across = new byte[1000];
        stream.Position = 2 * Frame - 500;
        stream.ReadExactly(across);
        Assert.Equal(content[(2 * Frame - 500)..(2 * Frame + 500)], across);
        Assert.Equal(2, stream.BlocksRead);

        byte[] tail = new byte[200];
        stream.Position = content.Length - 100;
        Assert.Equal(100, stream.ReadAtLeast(tail, 200, throwOnEndOfStream: false));
        Assert.Equal(content[^100..], tail[..100]);
        Assert.Equal(3, stream.BlocksRead);

        stream.Position = 2 * Frame - 10;
        stream.ReadExactly(new byte[8]);
        Assert.Equal(3, stream.BlocksRead);
    }

    [Fact]
    public void ACoreIsCutAtItsSegmentsEdgesAndInSmallFramesOverEachSegmentsTop()
    {
        // An ELF core header, two program headers, then the segments: 100 KiB at 4096, 200 KiB after it.
        const int first = 4096, firstSize = 100 * 1024, secondSize = 200 * 1024;
        byte[] core = new byte[first + firstSize + secondSize];
        new Random(3).NextBytes(core.AsSpan(first));
        "\u007fELF"u8.CopyTo(core);
        core[4] = 2; // 64-bit
        core[5] = 1; // little-endian
        BinaryPrimitives.WriteUInt16LittleEndian(core.AsSpan(16), 4); // ET_CORE
        BinaryPrimitives.WriteInt64LittleEndian(core.AsSpan(32), 64); // program headers at 64
        BinaryPrimitives.WriteUInt16LittleEndian(core.AsSpan(54), 56);
        BinaryPrimitives.WriteUInt16LittleEndian(core.AsSpan(56), 2);
        foreach (var (index, offset, size) in new[] { (0, first, firstSize), (1, first + firstSize, secondSize) })
        {
            Span<byte> header = core.AsSpan(64 + 56 * index, 56);
            BinaryPrimitives.WriteUInt32LittleEndian(header, 1); // PT_LOAD
            BinaryPrimitives.WriteInt64LittleEndian(header[8..], offset);
            BinaryPrimitives.WriteInt64LittleEndian(header[32..], size);
        }

        // In pieces smaller than the headers, which must then be gathered before any cut is known.
        string path = WriteSeekable(core, chunk: 100);

        // Worked by hand: the first segment ends at 106496, the second at 311296; each one's last
        // 64 KiB is four 16 KiB frames, the rest 64 KiB frames from the segment's start.
        long[] starts = [0, 4096, 40960, 57344, 73728, 90112, 106496, 172032, 237568, 245760, 262144, 278528, 294912];
        Assert.Equal(starts, FrameStarts(path));
        using SeekableZstdStream stream = DumpCompression.OpenSeekable(path, CompressionKind.Zstd)!;
        byte[] back = new byte[core.Length];
        stream.ReadExactly(back);
        Assert.Equal(core, back);
    }

    [Fact]
    public void ContentThatIsNotACoreIsCutIntoWholeFrames()
    {
        byte[] content = Content();

        Assert.Equal([0L, Frame, 2 * Frame, 3 * Frame], FrameStarts(WriteSeekable(content)));
    }

    private static long[] FrameStarts(string path)
    {
        using FileStream file = File.OpenRead(path);
        SeekTable table = SeekTable.Read(file)!;
        return [.. Enumerable.Range(0, table.FrameCount).Select(table.DecompressedStart)];
    }

    [Fact]
    public void TheZstdToolReadsItAsAPlainZst()
    {
        byte[] content = Content();
        string path = WriteSeekable(content);
        string decompressed = Path.Combine(_directory, "core");

        Assert.Equal(0, RunZstd("-d", "-q", path, "-o", decompressed));

        Assert.Equal(content, File.ReadAllBytes(decompressed));
    }

    [Fact]
    public void AZstWithoutSeekTableIsNotSeekableAndDecompressesWhole()
    {
        byte[] content = Content();
        string plain = Path.Combine(_directory, "core");
        File.WriteAllBytes(plain, content);
        Assert.Equal(0, RunZstd("-q", plain, "-o", plain + ".zst"));
        string decompressed = Path.Combine(_directory, "core.out");

        Assert.Null(DumpCompression.OpenSeekable(plain + ".zst", CompressionKind.Zstd));
        DumpCompression.Decompress(plain + ".zst", CompressionKind.Zstd, decompressed);

        Assert.Equal(content, File.ReadAllBytes(decompressed));
    }

    [Fact]
    public void ACutOffZstFailsToDecompressRatherThanEndingShort()
    {
        string path = WriteSeekable(Content());
        byte[] whole = File.ReadAllBytes(path);
        // The seek table goes with the end; what is left is frames, the last one cut.
        File.WriteAllBytes(path, whole[..(whole.Length / 2)]);

        Assert.Null(DumpCompression.OpenSeekable(path, CompressionKind.Zstd));
        var error = Assert.Throws<EndOfStreamException>(() => DumpCompression.Decompress(path, CompressionKind.Zstd, Path.Combine(_directory, "core")));
        Assert.Contains("ends inside a zstd frame", error.Message);
    }

    [Fact]
    public void ADamagedFrameIsAnErrorKeptOnTheStreamWhileOtherFramesStillRead()
    {
        byte[] content = Content();
        string path = WriteSeekable(content);
        byte[] file = File.ReadAllBytes(path);
        // The first frame holds incompressible bytes, stored nearly as they are: flip one of them.
        file[Frame / 6] ^= 0xFF;
        File.WriteAllBytes(path, file);
        using SeekableZstdStream stream = DumpCompression.OpenSeekable(path, CompressionKind.Zstd)!;

        stream.Position = 3 * Frame + 10;
        byte[] intact = new byte[16];
        stream.ReadExactly(intact);
        stream.Position = 0;
        Assert.Throws<InvalidDataException>(() => stream.ReadExactly(new byte[16]));

        Assert.Equal(content[(3 * Frame + 10)..(3 * Frame + 26)], intact);
        Assert.NotNull(stream.Damage);
        Assert.Contains("zstd frame 0", stream.Damage.Message);
    }

    [Fact]
    public void FramesAReadCoversWholeAreReadPastTheCache()
    {
        byte[] content = Content();
        using SeekableZstdStream stream = DumpCompression.OpenSeekable(WriteSeekable(content), CompressionKind.Zstd)!;

        // Frame 0 in part, frames 1 and 2 whole, frame 3 in part.
        byte[] most = new byte[content.Length - 200];
        stream.Position = 100;
        stream.ReadExactly(most);
        Assert.Equal(content[100..^100], most);
        Assert.Equal(4, stream.BlocksRead);

        // Frames 0 and 3 were cached, frame 1 was not.
        stream.Position = 10;
        stream.ReadExactly(new byte[8]);
        stream.Position = 3 * Frame + 10;
        stream.ReadExactly(new byte[8]);
        Assert.Equal(4, stream.BlocksRead);
        stream.Position = Frame + 10;
        stream.ReadExactly(new byte[8]);
        Assert.Equal(5, stream.BlocksRead);
    }

    [Fact]
    public void ADamagedFrameAmongManyReadAtOnceIsAnError()
    {
        byte[] content = Content();
        string path = WriteSeekable(content);
        byte[] file = File.ReadAllBytes(path);
        long start, size;
        using (FileStream seekable = File.OpenRead(path))
        {
            SeekTable table = SeekTable.Read(seekable)!;
            (start, size) = (table.CompressedStart(2), table.CompressedSize(2));
        }
        file[start + size / 2] ^= 0xFF;
        File.WriteAllBytes(path, file);
        using SeekableZstdStream stream = DumpCompression.OpenSeekable(path, CompressionKind.Zstd)!;

        Assert.Throws<InvalidDataException>(() => stream.ReadExactly(new byte[content.Length]));

        Assert.NotNull(stream.Damage);
        Assert.Contains("zstd frame 2", stream.Damage.Message);
    }

    [Fact]
    public void ASeekTableThatDoesNotAddUpToTheFileIsAnError()
    {
        string path = WriteSeekable(Content());
        byte[] file = File.ReadAllBytes(path);
        // Grow the first entry's compressed size: the frames then overrun the seek table.
        int firstEntry = file.Length - 9 - 4 * 8;
        file[firstEntry] += 1;
        File.WriteAllBytes(path, file);

        var error = Assert.Throws<InvalidDataException>(() => DumpCompression.OpenSeekable(path, CompressionKind.Zstd));
        Assert.Contains("seek table covers", error.Message);
    }

    private static int RunZstd(params string[] args)
    {
        using Process zstd = Process.Start(new ProcessStartInfo("zstd", args) { RedirectStandardError = true })!;
        zstd.WaitForExit();
        return zstd.ExitCode;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
