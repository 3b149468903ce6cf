using System.Buffers.Binary;
using System.Reflection.PortableExecutable;
using System.Text;

namespace DumpLock.Reading;

/// <summary>
/// A string of a PE image's Win32 version resource (VS_VERSIONINFO), such as "ProductVersion".
/// The compilers write an assembly's informational version there too, so this finds it in about a
/// kilobyte of the image instead of the megabytes of its metadata.
/// </summary>
internal static class VersionResource
{
    private const int VersionType = 16; // RT_VERSION
    private const uint SubdirectoryBit = 0x8000_0000;

    // A version resource is about a kilobyte; anything much bigger is not one.
    private const int MaxResourceBytes = 1 << 20;

    /// <param name="image">The image from its first byte.</param>
    /// <param name="isLoadedImage">Laid out in memory by sections (else as the file is).</param>
    public static string? Read(Stream image, bool isLoadedImage, string key)
    {
        try
        {
            image.Position = 0;
            var headers = new PEHeaders(image, (int)Math.Min(image.Length, int.MaxValue), isLoadedImage);
            DirectoryEntry directory = headers.PEHeader?.ResourceTableDirectory ?? default;
            if (directory.Size <= 0 || Bytes(image, headers, isLoadedImage, directory.RelativeVirtualAddress, directory.Size) is not { } resources)
            {
                return null;
            }
            // Three levels: type, name, language; take the first name and language of RT_VERSION.
            if (Entry(resources, 0, VersionType) is not uint names || !IsDirectory(names)
                || Entry(resources, (int)(names & ~SubdirectoryBit), null) is not uint languages || !IsDirectory(languages)
                || Entry(resources, (int)(languages & ~SubdirectoryBit), null) is not uint data || IsDirectory(data))
            {
                return null;
            }
            int dataRva = BinaryPrimitives.ReadInt32LittleEndian(resources.AsSpan((int)data));
            int dataSize = BinaryPrimitives.ReadInt32LittleEndian(resources.AsSpan((int)data + 4));
            return Bytes(image, headers, isLoadedImage, dataRva, dataSize) is { } info ? Find(info, 0, info.Length, key) : null;
        }
        catch (Exception e) when (e is BadImageFormatException or ArgumentOutOfRangeException or IOException)
        {
            return null;
        }
    }

    /// <summary>The bytes at a relative virtual address: in a file-layout image, where its section's raw data puts them.</summary>
    private static byte[]? Bytes(Stream image, PEHeaders headers, bool isLoadedImage, int rva, int size)
    {
        int section = headers.GetContainingSectionIndex(rva);
        if (section < 0 || size is <= 0 or > MaxResourceBytes)
        {
            return null;
        }
        SectionHeader header = headers.SectionHeaders[section];
        image.Position = isLoadedImage ? rva : header.PointerToRawData + (rva - header.VirtualAddress);
        var bytes = new byte[size];
        image.ReadExactly(bytes);
        return bytes;
    }

    private static bool IsDirectory(uint offset) => (offset & SubdirectoryBit) != 0;

    /// <summary>
    /// The offset field of the entry with this id in the resource directory at <paramref name="at"/>
    /// (16 bytes of header ending in the counts of named and id entries, then 8-byte entries:
    /// name or id, offset), or of its first entry when <paramref name="id"/> is null.
    /// </summary>
    private static uint? Entry(ReadOnlySpan<byte> resources, int at, int? id)
    {
        int count = BinaryPrimitives.ReadUInt16LittleEndian(resources[(at + 12)..]) + BinaryPrimitives.ReadUInt16LittleEndian(resources[(at + 14)..]);
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> entry = resources[(at + 16 + (8 * i))..];
            if (id is null || BinaryPrimitives.ReadUInt32LittleEndian(entry) == id)
            {
                return BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]);
            }
        }
        return null;
    }

    /// <summary>
    /// Searches the blocks in [<paramref name="start"/>, <paramref name="end"/>). A block is its
    /// length, its value's length (in characters for text), its type (1 = text), a NUL-terminated
    /// UTF-16 key, padding to 4 bytes, the value, padding to 4 bytes, then its child blocks.
    /// </summary>
    private static string? Find(ReadOnlySpan<byte> info, int start, int end, string key)
    {
        for (int at = start; at + 6 <= end;)
        {
            int length = BinaryPrimitives.ReadUInt16LittleEndian(info[at..]);
            int valueLength = BinaryPrimitives.ReadUInt16LittleEndian(info[(at + 2)..]);
            bool isText = BinaryPrimitives.ReadUInt16LittleEndian(info[(at + 4)..]) == 1;
            if (length < 6 || at + length > end)
            {
                return null;
            }
            int keyEnd = Terminator(info, at + 6, at + length);
            string name = Encoding.Unicode.GetString(info[(at + 6)..keyEnd]);
            int value = Align(keyEnd + 2);
            int valueBytes = isText ? 2 * valueLength : valueLength;
            if (name == key && isText)
            {
                return Encoding.Unicode.GetString(info[value..Terminator(info, value, Math.Min(value + valueBytes, at + length))]);
            }
            if (Find(info, Align(value + valueBytes), at + length, key) is { } found)
            {
                return found;
            }
            at = Align(at + length);
        }
        return null;
    }

    /// <summary>Where the UTF-16 NUL at or after <paramref name="from"/> is (or <paramref name="end"/>).</summary>
    private static int Terminator(ReadOnlySpan<byte> info, int from, int end)
    {
        int at = from;
        while (at + 1 < end && (info[at] | info[at + 1]) != 0)
        {
            at += 2;
        }
        return at;
    }

    private static int Align(int offset) => (offset + 3) & ~3;
}
