using DumpLock.Compression.Zstd;
using System.Threading;

namespace DumpLock.Compression;

/// <summary>
/// A read-only, seekable view of a dump's content that comes in blocks (frames of a seekable .zst,
/// or fixed-size pieces of a plain file), keeping the most recently used blocks in memory,
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

    protected abstract int BlockCount { get; }

    /// <summary>Fills <paramref name="content"/> with <paramref name="count"/> blocks from <paramref name="first"/> on, end to end.</summary>
    /// <exception cref="InvalidDataException">A block is damaged.</exception>
    protected abstract void ReadBlocks(int first, int count, Span<byte> content);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        lock (_lock)
        {
            int total = 0;
            while (!buffer.IsEmpty && Position < Length)
            {
                int block = BlockAt(Position);
                int n;
                if (WholeBlocksAt(block, buffer.Length) is var (count, length) && count > 1)
                {
                    // A read of many blocks (a module's metadata, megabytes at once) goes straight to
                    // the reader's buffer: through the cache it would evict what the stack walks reuse.
                    Fill(block, count, buffer[..length]);
                    n = length;
                }
                else
                {
                    byte[] content = Block(block);
                    int start = (int)(Position - BlockStart(block));
                    n = Math.Min(buffer.Length, content.Length - start);
                    content.AsSpan(start, n).CopyTo(buffer);
                }
                buffer = buffer[n..];
                Position += n;
                total += n;
            }
            return total;
        }
    }

    /// <summary>How many blocks from <paramref name="block"/> on a read of <paramref name="count"/> bytes at <see cref="Position"/> covers whole, and their length.</summary>
    private (int Count, int Length) WholeBlocksAt(int block, int count)
    {
        if (Position != BlockStart(block))
        {
            return (0, 0);
        }
        long end = Position + count;
        int whole = 0;
        while (block + whole < BlockCount && BlockStart(block + whole) + BlockLength(block + whole) <= end)
        {
            whole++;
        }
        return (whole, whole == 0 ? 0 : (int)(BlockStart(block + whole - 1) + BlockLength(block + whole - 1) - Position));
    }

    private byte[] Block(int block)
    {
        if (_cache.TryGet(block) is { } cached)
        {
            return cached;
        }
        int length = BlockLength(block);
        // Pinned: the cache lives as long as the dump is open, and the collector would otherwise
        // copy its megabytes from generation to generation; uninitialized: ReadBlocks fills it.
        byte[] content = _cache.Evicted() is { } old && old.Length == length ? old : GC.AllocateUninitializedArray<byte>(length, pinned: true);
        Fill(block, 1, content);
        _cache.Add(block, content);
        return content;
    }

    private void Fill(int first, int count, Span<byte> content)
    {
        try
        {
            ReadBlocks(first, count, content);
        }
        catch (InvalidDataException e)
        {
            Damage ??= e;
            throw Damage;
        }
        BlocksRead += count;
    }
}
