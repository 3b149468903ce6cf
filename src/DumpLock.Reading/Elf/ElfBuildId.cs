using DumpLock.Compression.Elf;
using System.Buffers.Binary;

namespace DumpLock.Reading.Elf;

/// <summary>
/// Reads the GNU build-id of an ELF64 little-endian file: the PT_NOTE segment's note of type 3
/// (NT_GNU_BUILD_ID) named "GNU". Used to match a runtime's libcoreclr.so to the one in a dump.
/// </summary>
internal static class ElfBuildId
{
    private const uint NtGnuBuildId = 3;

    public static byte[]? Read(string path)
    {
        try
        {
            using FileStream file = File.OpenRead(path);
            return ElfFile.Read(file)?.ProgramHeaders
                .Where(h => h.Type == ElfFile.NoteSegment)
                .Select(h => FindInNotes(file, h.Offset, h.FileSize))
                .FirstOrDefault(id => id is not null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    private static byte[]? FindInNotes(FileStream file, long offset, long size)
    {
        if (size is <= 0 or > 1 << 20)
        {
            return null;
        }
        byte[] notes = new byte[size];
        file.Position = offset;
        file.ReadExactly(notes);
        for (int at = 0; at + 12 <= notes.Length;)
        {
            int nameSize = BinaryPrimitives.ReadInt32LittleEndian(notes.AsSpan(at));
            int descSize = BinaryPrimitives.ReadInt32LittleEndian(notes.AsSpan(at + 4));
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(notes.AsSpan(at + 8));
            int name = at + 12;
            int desc = name + Align4(nameSize);
            if (nameSize < 0 || descSize < 0 || desc + descSize > notes.Length)
            {
                return null;
            }
            if (type == NtGnuBuildId && notes.AsSpan(name, nameSize).SequenceEqual("GNU\0"u8))
            {
                return notes.AsSpan(desc, descSize).ToArray();
            }
            at = desc + Align4(descSize);
        }
        return null;
    }

    private static int Align4(int size) => (size + 3) & ~3;
}
