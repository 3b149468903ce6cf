using DumpLock.Compression.Zstd;
using System.Threading;

namespace DumpLock.Compression;

/// <summary>
/// A read-only, seekable view of a dump's content that comes in blocks (the frames of a seekable
/// .zst; a plain core is mapped into memory instead), keeping the most recently used blocks in memory,
/// <see cref="CacheBytes"/> in all. ClrMD reads a core through one stream, in many small reads
/// that revisit the same pages (the runtime's code maps while it walks stacks): a read served from
/// the cache is a copy, not a system call or a decompression. Reads are serialised.
/// </summary>
public abstract class CachedBlockStream : ReadOnlyStream
{
    /// <summary>What the cached blocks may hold, peak memory being one of DumpLock's costs.</summary>
    private const int CacheBytes = 8 << 20;

    private readonly FrameCache _cache;
    private readonly Lock _lock = new();

    protected CachedBlockStream(int largestBlock)
    {
        _cache = new FrameCache(Math.Max(4, CacheBytes / Math.Max(1, largestBlock)));
    }

    /// <summary>Blocks read so far (a block evicted and read again counts twice).</summary>
    public long BlocksRead { get; private set; }

    /// <summary>
    /// The first block that could not be read. Readers above may catch what a read throws (a
    /// reader's failure is a limitation, not an error), so the damage is kept here to be reported.
    /// </summary>
    public InvalidDataException? Damage { get; private set; }

    /// <summary>The block holding content offset <paramref name="position"/> (below <see cref="Length"/>).</summary>
    protected abstract int BlockAt(long position);

    protected abstract long BlockStart(int block);

    protected abstract int BlockLength(int block);

    /// <summary>Fills <paramref name="content"/>, <see cref="BlockLength"/> bytes, with the block.</summary>
    /// <exception cref="InvalidDataException">The block is damaged.</exception>
    protected abstract void ReadBlock(int block, byte[] content);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        lock (_lock)
        {
            int total = 0;
            while (!buffer.IsEmpty && Position < Length)
            {
                int block = BlockAt(Position);
                byte[] content = Block(block);
                int start = (int)(Position - BlockStart(block));
                int n = Math.Min(buffer.Length, content.Length - start);
                content.AsSpan(start, n).CopyTo(buffer);
                buffer = buffer[n..];
                Position += n;
                total += n;
            }
            return total;
        }
    }

    private byte[] Block(int block)
    {
        if (_cache.TryGet(block) is { } cached)
        {
            return cached;
        }
        int length = BlockLength(block);
        // Pinned: the cache lives as long as the dump is open, and the collector would otherwise
        // copy its megabytes from generation to generation; uninitialized: ReadBlock fills it.
        byte[] content = _cache.Evicted() is { } old && old.Length == length ? old : GC.AllocateUninitializedArray<byte>(length, pinned: true);
        try
        {
            ReadBlock(block, content);
        }
        catch (InvalidDataException e)
        {
            Damage ??= e;
            throw Damage;
        }
        BlocksRead++;
        _cache.Add(block, content);
        return content;
    }
}
