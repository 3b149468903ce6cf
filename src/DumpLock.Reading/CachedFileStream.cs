using DumpLock.Compression;
using Microsoft.Win32.SafeHandles;

namespace DumpLock.Reading;

/// <summary>
/// A plain core file as ClrMD reads it, in cached 4 KiB blocks (a page). ClrMD seeks before every
/// small read, and a FileStream drops its buffer on a seek: walking 1000 idle threads' stacks made
/// some 75,000 system calls, most for pages read before, and the cache takes a quarter off that
/// analysis (docs/benchmarks.md).
/// </summary>
internal sealed class CachedFileStream(SafeFileHandle file) : CachedBlockStream(BlockSize)
{
    private const int BlockSize = 4 * 1024;

    public override long Length { get; } = RandomAccess.GetLength(file);

    protected override int BlockAt(long position) => (int)(position / BlockSize);

    protected override long BlockStart(int block) => (long)block * BlockSize;

    protected override int BlockLength(int block) => (int)Math.Min(BlockSize, Length - BlockStart(block));

    protected override int BlockCount => (int)((Length + BlockSize - 1) / BlockSize);

    /// <summary>Blocks lie end to end: one read of the file brings them all (a read of many, a module's image say, skips the cache).</summary>
    protected override void ReadBlocks(int first, int count, Span<byte> content)
    {
        // Short only if the file shrank since it was opened: never hand ClrMD a reused buffer's stale bytes.
        if (RandomAccess.Read(file, content, BlockStart(first)) != content.Length)
        {
            throw new InvalidDataException($"the file ended before offset {BlockStart(first) + content.Length}: it was cut while being read");
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
        }
        base.Dispose(disposing);
    }
}
