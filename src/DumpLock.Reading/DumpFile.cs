using DumpLock.Compression;
using DumpLock.Reading.Elf;

namespace DumpLock.Reading;

/// <summary>
/// The dump file to load, checked before ClrMD sees it: it exists, can be read, is not empty, and
/// starts like a core file. A zstd or gzip dump is decompressed into a private temporary
/// directory first (owner-only: it holds the process's memory), removed on dispose or at exit.
/// </summary>
internal sealed class DumpFile : IDisposable
{
    private readonly string? _temporaryDirectory;

    private DumpFile(string path, string? temporaryDirectory)
    {
        Path = path;
        _temporaryDirectory = temporaryDirectory;
        if (temporaryDirectory is not null)
        {
            AppDomain.CurrentDomain.ProcessExit += RemoveOnExit;
        }
    }

    /// <summary>The uncompressed core file ClrMD loads.</summary>
    public string Path { get; }

    public static DumpFile Open(string path)
    {
        CompressionKind compression = DumpCompression.Detect(ReadMagic(path));
        if (compression == CompressionKind.None)
        {
            CheckCore(path, path, ReadMagic(path));
            return new DumpFile(path, null);
        }
        string directory = Directory.CreateTempSubdirectory("dumplock-").FullName;
        var file = new DumpFile(System.IO.Path.Combine(directory, "core"), directory);
        try
        {
            DumpCompression.Decompress(path, compression, file.Path);
            byte[] magic = new FileInfo(file.Path).Length == 0 ? [] : ReadMagic(file.Path);
            CheckCore(file.Path, path, magic);
            return file;
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            file.Dispose();
            throw new DumpLockException($"'{path}' looks {compression.ToString().ToLowerInvariant()}-compressed but cannot be decompressed ({e.Message.TrimEnd('.')})", e);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static byte[] ReadMagic(string path)
    {
        if (Directory.Exists(path))
        {
            throw new DumpLockException($"'{path}' is a directory, not a dump file");
        }
        if (!File.Exists(path))
        {
            throw new DumpLockException($"dump file '{path}' does not exist");
        }
        try
        {
            using FileStream file = File.OpenRead(path);
            byte[] magic = new byte[4];
            int read = file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
            return read > 0 ? magic[..read] : throw new DumpLockException($"'{path}' is empty, not a dump");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new DumpLockException($"cannot read '{path}': permission denied", e);
        }
    }

    private static void CheckCore(string path, string shownPath, ReadOnlySpan<byte> magic)
    {
        if (magic.SequenceEqual("\u007fELF"u8))
        {
            CoreFileCheck.Check(path, shownPath);
        }
        else if (!magic.SequenceEqual("MDMP"u8))
        {
            throw new DumpLockException($"'{shownPath}' is not a core dump (no ELF or minidump header)");
        }
    }

    private void RemoveOnExit(object? sender, EventArgs e) => Dispose();

    public void Dispose()
    {
        if (_temporaryDirectory is not null && Directory.Exists(_temporaryDirectory))
        {
            Directory.Delete(_temporaryDirectory, recursive: true);
            AppDomain.CurrentDomain.ProcessExit -= RemoveOnExit;
        }
    }
}
