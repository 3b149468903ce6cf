using System.Buffers.Binary;

namespace DumpLock.Compression.Zstd;

/// <summary>
/// The seek table of zstd's seekable format (contrib/seekable_format in the zstd sources): the file
/// is independent zstd frames followed by one skippable frame that lists each frame's compressed
/// and decompressed size. Tools that do not know the format (<c>zstd -d</c>) skip that frame.
/// Layout of the skippable frame, all little-endian:
///   u32 0x184D2A5E (skippable magic), u32 size of what follows,
///   per frame: u32 compressed size, u32 decompressed size [, u32 checksum when flagged],
///   footer: u32 frame count, u8 descriptor (bit 7: entries carry a checksum), u32 0x8F92EAB1.
/// </summary>
internal sealed class SeekTable
{
    private const uint SkippableMagic = 0x184D2A5E;
    private const uint SeekableMagic = 0x8F92EAB1;
    private const int FooterSize = 9;
    private const int SkippableHeaderSize = 8;

    // Frame i spans [CompressedStart[i], CompressedStart[i + 1]) in the file and
    // [DecompressedStart[i], DecompressedStart[i + 1]) in the content.
    private readonly long[] _compressedStart;
    private readonly long[] _decompressedStart;

    private SeekTable(long[] compressedStart, long[] decompressedStart)
    {
        _compressedStart = compressedStart;
        _decompressedStart = decompressedStart;
    }

    public int FrameCount => _compressedStart.Length - 1;

    public long DecompressedLength => _decompressedStart[^1];

    public long CompressedStart(int frame) => _compressedStart[frame];

    public int CompressedSize(int frame) => (int)(_compressedStart[frame + 1] - _compressedStart[frame]);

    public long DecompressedStart(int frame) => _decompressedStart[frame];

    public int DecompressedSize(int frame) => (int)(_decompressedStart[frame + 1] - _decompressedStart[frame]);

    public int LargestFrame { get; private init; }

    /// <summary>The frame holding content offset <paramref name="position"/> (below <see cref="DecompressedLength"/>).</summary>
    public int FrameAt(long position)
    {
        int found = Array.BinarySearch(_decompressedStart, position);
        found = found >= 0 ? found : ~found - 1;
        // Past empty frames, which start where the next one does.
        while (found + 1 < FrameCount && _decompressedStart[found + 1] <= position)
        {
            found++;
        }
        return found;
    }

    /// <summary>The seek table at the end of <paramref name="file"/>, or null when it ends without one.</summary>
    /// <exception cref="InvalidDataException">A seek table whose sizes do not add up to the file.</exception>
    public static SeekTable? Read(Stream file)
    {
        if (file.Length < SkippableHeaderSize + FooterSize)
        {
            return null;
        }
        Span<byte> footer = stackalloc byte[FooterSize];
        file.Seek(-FooterSize, SeekOrigin.End);
        file.ReadExactly(footer);
        if (BinaryPrimitives.ReadUInt32LittleEndian(footer[5..]) != SeekableMagic)
        {
            return null;
        }
        long frames = BinaryPrimitives.ReadUInt32LittleEndian(footer);
        int entrySize = (footer[4] & 0x80) != 0 ? 12 : 8;
        long tableSize = SkippableHeaderSize + frames * entrySize + FooterSize;
        if (tableSize > file.Length)
        {
            throw new InvalidDataException("its seek table lists more frames than the file can hold");
        }
        byte[] table = new byte[tableSize];
        file.Seek(-tableSize, SeekOrigin.End);
        file.ReadExactly(table);
        if (BinaryPrimitives.ReadUInt32LittleEndian(table) != SkippableMagic
            || BinaryPrimitives.ReadUInt32LittleEndian(table.AsSpan(4)) != tableSize - SkippableHeaderSize)
        {
            throw new InvalidDataException("its seek table is damaged");
        }
        var compressedStart = new long[frames + 1];
        var decompressedStart = new long[frames + 1];
        int largest = 0;
        for (int i = 0; i < frames; i++)
        {
            ReadOnlySpan<byte> entry = table.AsSpan(SkippableHeaderSize + i * entrySize);
            uint decompressed = BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]);
            compressedStart[i + 1] = compressedStart[i] + BinaryPrimitives.ReadUInt32LittleEndian(entry);
            decompressedStart[i + 1] = decompressedStart[i] + decompressed;
            largest = (int)Math.Min(Math.Max(largest, decompressed), int.MaxValue);
        }
        if (compressedStart[^1] + tableSize != file.Length)
        {
            throw new InvalidDataException($"its seek table covers {compressedStart[^1] + tableSize} bytes but the file has {file.Length}");
        }
        return new SeekTable(compressedStart, decompressedStart) { LargestFrame = largest };
    }

    /// <summary>Writes the seek table for <paramref name="frames"/> (compressed, decompressed sizes), without checksums.</summary>
    public static void Write(Stream output, IReadOnlyList<(uint Compressed, uint Decompressed)> frames)
    {
        int entriesSize = frames.Count * 8;
        byte[] table = new byte[SkippableHeaderSize + entriesSize + FooterSize];
        BinaryPrimitives.WriteUInt32LittleEndian(table, SkippableMagic);
        BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(4), (uint)(entriesSize + FooterSize));
        for (int i = 0; i < frames.Count; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(SkippableHeaderSize + i * 8), frames[i].Compressed);
            BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(SkippableHeaderSize + i * 8 + 4), frames[i].Decompressed);
        }
        Span<byte> footer = table.AsSpan(SkippableHeaderSize + entriesSize);
        BinaryPrimitives.WriteUInt32LittleEndian(footer, (uint)frames.Count);
        footer[4] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(footer[5..], SeekableMagic);
        output.Write(table);
    }
}
