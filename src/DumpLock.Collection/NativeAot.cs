using System.Buffers.Binary;
using System.Text;

namespace DumpLock.Collection;

/// <summary>
/// Recognises a live NativeAOT app: its executable exports <see cref="NativeAotMessage.DebugHeaderSymbol"/>
/// (only the NativeAOT runtime does). The export's name is in the dynamic string table, the
/// section that SHT_DYNSYM links to.
/// </summary>
internal static class NativeAot
{
    private const uint DynamicSymbols = 11; // SHT_DYNSYM

    public static bool IsNativeAot(int pid)
    {
        try
        {
            using FileStream exe = File.OpenRead($"/proc/{pid}/exe");
            return DynamicStrings(exe) is { } strings
                && strings.AsSpan().IndexOf(Encoding.ASCII.GetBytes($"\0{NativeAotMessage.DebugHeaderSymbol}\0")) >= 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The bytes of the string table of the dynamic symbols; null when the file is not ELF64 or has none.</summary>
    private static byte[]? DynamicStrings(FileStream elf)
    {
        byte[] header = new byte[64];
        if (elf.ReadAtLeast(header, 64, throwOnEndOfStream: false) != 64 || !header.AsSpan(0, 4).SequenceEqual("\u007fELF"u8) || header[4] != 2)
        {
            return null;
        }
        long tableOffset = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(40));
        int entrySize = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(58));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(60));
        if (entrySize != 64 || tableOffset <= 0 || tableOffset + 64L * count > elf.Length)
        {
            return null;
        }
        byte[] sections = new byte[64 * count];
        elf.Position = tableOffset;
        elf.ReadExactly(sections);
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> section = sections.AsSpan(i * 64, 64);
            uint link = BinaryPrimitives.ReadUInt32LittleEndian(section[40..]);
            if (BinaryPrimitives.ReadUInt32LittleEndian(section[4..]) != DynamicSymbols || link >= count)
            {
                continue;
            }
            ReadOnlySpan<byte> strings = sections.AsSpan((int)link * 64, 64);
            long offset = BinaryPrimitives.ReadInt64LittleEndian(strings[24..]);
            long size = BinaryPrimitives.ReadInt64LittleEndian(strings[32..]);
            if (offset <= 0 || size is <= 0 or > 64 << 20 || offset + size > elf.Length)
            {
                return null;
            }
            byte[] bytes = new byte[size];
            elf.Position = offset;
            elf.ReadExactly(bytes);
            return bytes;
        }
        return null;
    }
}
