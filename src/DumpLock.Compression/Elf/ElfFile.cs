using System.Buffers.Binary;

namespace DumpLock.Compression.Elf;

/// <summary>The parts of an ELF64 little-endian file DumpLock reads: its type and program headers.</summary>
public sealed record ElfFile(ushort Type, IReadOnlyList<ElfProgramHeader> ProgramHeaders)
{
    public const ushort CoreType = 4;     // ET_CORE
    public const uint NoteSegment = 4;    // PT_NOTE

    /// <summary>Null when the stream is not an ELF64 little-endian file or its headers are cut off.</summary>
    public static ElfFile? Read(Stream file)
    {
        if (ReadHeader(file) is not var (type, offset, count) || offset + 56L * count > file.Length)
        {
            return null;
        }
        var headers = new List<ElfProgramHeader>(count);
        byte[] entry = new byte[56];
        for (int i = 0; i < count; i++)
        {
            file.Position = offset + (long)i * entry.Length;
            file.ReadExactly(entry);
            headers.Add(new ElfProgramHeader(
                BinaryPrimitives.ReadUInt32LittleEndian(entry),
                BinaryPrimitives.ReadInt64LittleEndian(entry.AsSpan(8)),
                BinaryPrimitives.ReadInt64LittleEndian(entry.AsSpan(32))));
        }
        return new ElfFile(type, headers);
    }

    /// <summary>
    /// How many bytes the file needs to hold its program header table, when its ELF header is
    /// sound; null when the ELF header itself is damaged or cut off.
    /// </summary>
    public static long? HeaderTableEnd(Stream file) =>
        ReadHeader(file) is var (_, offset, count) ? offset + 56L * count : null;

    private static (ushort Type, long TableOffset, int Count)? ReadHeader(Stream file)
    {
        Span<byte> header = stackalloc byte[64];
        file.Position = 0;
        if (file.ReadAtLeast(header, 64, throwOnEndOfStream: false) != 64
            || !header[..4].SequenceEqual("\u007fELF"u8) || header[4] != 2 || header[5] != 1)
        {
            return null;
        }
        long offset = BinaryPrimitives.ReadInt64LittleEndian(header[32..]);
        // An ELF64 program header is 56 bytes; anything else is a damaged header, not a layout.
        if (BinaryPrimitives.ReadUInt16LittleEndian(header[54..]) != 56 || offset is < 64 or > 1L << 40)
        {
            return null;
        }
        return (BinaryPrimitives.ReadUInt16LittleEndian(header[16..]), offset, BinaryPrimitives.ReadUInt16LittleEndian(header[56..]));
    }
}

/// <summary>A segment's type and where its bytes lie in the file.</summary>
public sealed record ElfProgramHeader(uint Type, long Offset, long FileSize);
