using DumpLock.Compression;
using DumpLock.Reading.Elf;

namespace DumpLock.Reading;

/// <summary>
/// The dump file to load, checked before ClrMD sees it: it exists, can be read, is not empty, and
/// starts like a core file. A .zst that <c>collect --compress</c> wrote (zstd's seekable format) is
/// read in place, decompressing only what ClrMD reads; any other zstd or gzip dump is decompressed
/// into a private temporary directory first (owner-only: it holds the process's memory), removed
/// on dispose or at exit. ClrMD reads the core through <see cref="Content"/>, which caches what it reads.
/// </summary>
internal sealed class DumpFile : IDisposable
{
    private readonly string? _temporaryDirectory;

    private DumpFile(CachedBlockStream content, string? temporaryDirectory)
    {
        Content = content;
        _temporaryDirectory = temporaryDirectory;
        if (temporaryDirectory is not null)
        {
            AppDomain.CurrentDomain.ProcessExit += RemoveOnExit;
        }
    }

    /// <summary>The core's content: the file (or what a compressed dump was decompressed into), or the content of a seekable .zst read in place.</summary>
    public CachedBlockStream Content { get; }

    public static DumpFile Open(string path)
    {
        CompressionKind compression = DumpCompression.Detect(ReadMagic(path));
        if (compression == CompressionKind.None)
        {
            return Checked(new CachedFileStream(File.OpenHandle(path)), path, null);
        }
        try
        {
            return DumpCompression.OpenSeekable(path, compression) is { } content
                ? Checked(content, path, null)
                : Decompressed(path, compression);
        }
        catch (EndOfStreamException e)
        {
            throw new DumpLockException($"'{path}' is truncated: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw Undecompressable(path, compression, e);
        }
        catch (DllNotFoundException e)
        {
            throw new DumpLockException($"'{path}' is zstd-compressed, and reading it needs libzstd.so.1, which is not installed (Debian and Ubuntu: apt-get install libzstd1)", e);
        }
    }

    /// <summary>The dump, once its content starts like a core file; the content is closed otherwise.</summary>
    private static DumpFile Checked(CachedBlockStream content, string shownPath, string? temporaryDirectory)
    {
        try
        {
            CheckCore(content, shownPath);
            content.Position = 0;   // where ClrMD insists a stream starts
            return new DumpFile(content, temporaryDirectory);
        }
        catch
        {
            content.Dispose();
            throw;
        }
    }

    private static DumpFile Decompressed(string path, CompressionKind compression)
    {
        string directory = Directory.CreateTempSubdirectory("dumplock-").FullName;
        try
        {
            string core = Path.Combine(directory, "core");
            DumpCompression.Decompress(path, compression, core);
            return Checked(new CachedFileStream(File.OpenHandle(core)), path, directory);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    private static DumpLockException Undecompressable(string path, CompressionKind compression, Exception e) =>
        new($"'{path}' looks {compression.ToString().ToLowerInvariant()}-compressed but cannot be decompressed ({e.Message.TrimEnd('.')})", e);

    /// <summary>After ClrMD has read it: a frame of a seekable .zst that could not be decompressed is an error.</summary>
    public void ThrowIfDamaged(string shownPath)
    {
        if (Content.Damage is { } damage)
        {
            throw new DumpLockException($"'{shownPath}' is damaged: {damage.Message.TrimEnd('.')}", damage);
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

    private static void CheckCore(Stream core, string shownPath)
    {
        byte[] magic = new byte[4];
        int read = core.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        if (magic.AsSpan(0, read).SequenceEqual("\u007fELF"u8))
        {
            CoreFileCheck.Check(core, shownPath);
        }
        else if (!magic.AsSpan(0, read).SequenceEqual("MDMP"u8))
        {
            throw new DumpLockException($"'{shownPath}' is not a core dump (no ELF or minidump header)");
        }
    }

    private void RemoveOnExit(object? sender, EventArgs e) => Dispose();

    public void Dispose()
    {
        Content.Dispose();
        if (_temporaryDirectory is not null && Directory.Exists(_temporaryDirectory))
        {
            Directory.Delete(_temporaryDirectory, recursive: true);
            AppDomain.CurrentDomain.ProcessExit -= RemoveOnExit;
        }
    }
}
