using DumpLock.Compression.Elf;

namespace DumpLock.Reading.Elf;

/// <summary>
/// Checks an ELF file is a whole core dump before ClrMD maps it: a core type, and every segment's
/// bytes inside the file. ClrMD would load a truncated core and fail later with a misleading
/// message (runtime-internals.md §1.4), or read past the end of the mapping.
/// </summary>
internal static class CoreFileCheck
{
    // 1 PiB: larger offsets or sizes come from flipped bits, not from a process's memory.
    private const long MaxSane = 1L << 50;

    public static void Check(Stream file, string shownPath)
    {
        if (ElfFile.Read(file) is not { } elf)
        {
            throw ElfFile.HeaderTableEnd(file) is long needed && needed > file.Length
                ? Truncated(shownPath, needed, file.Length)
                : new DumpLockException($"'{shownPath}' has a damaged ELF header: it is not a readable core dump");
        }
        if (elf.Type != ElfFile.CoreType)
        {
            throw new DumpLockException($"'{shownPath}' is an ELF file but not a core dump (an executable or a library?)");
        }
        if (elf.ProgramHeaders.Any(h => h.Offset is < 0 or > MaxSane || h.FileSize is < 0 or > MaxSane))
        {
            throw new DumpLockException($"'{shownPath}' has a damaged program header table (a segment lies outside any file): it is not a readable core dump");
        }
        long end = elf.ProgramHeaders.Select(h => h.Offset + h.FileSize).DefaultIfEmpty(0).Max();
        if (end > file.Length)
        {
            throw Truncated(shownPath, end, file.Length);
        }
    }

    private static DumpLockException Truncated(string shownPath, long needed, long length) =>
        new($"'{shownPath}' is truncated: it needs {needed} bytes but has {length}; was it copied completely?");
}
