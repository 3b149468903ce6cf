using System.Buffers;

namespace DumpLock.Compression.Zstd;

/// <summary>
/// The content of a seekable .zst: a read decompresses only the frames it touches, each once
/// while it stays in the cache.
/// </summary>
public sealed class SeekableZstdStream : CachedBlockStream
{
    private readonly FileStream _file;
    private readonly SeekTable _table;
    private readonly nint _context = LibZstd.CreateDecompressionContext();
    private readonly byte[] _compressed;
    private bool _disposed;

    internal SeekableZstdStream(FileStream file, SeekTable table) : base(table.LargestFrame)
    {
        _file = file;
        _table = table;
        _compressed = new byte[Math.Max(1, Enumerable.Range(0, table.FrameCount).Select(table.CompressedSize).DefaultIfEmpty(0).Max())];
    }

    public override long Length => _table.DecompressedLength;

    protected override int BlockAt(long position) => _table.FrameAt(position);

    protected override long BlockStart(int block) => _table.DecompressedStart(block);

    protected override int BlockLength(int block) => _table.DecompressedSize(block);

    protected override int BlockCount => _table.FrameCount;

    /// <summary>
    /// Frames lie end to end in the file as in the content: one read of the file brings them all.
    /// Many frames (a module's metadata, 50 frames at once) are decompressed on every core, each
    /// worker with its own context (a context serves one call at a time).
    /// </summary>
    protected override unsafe void ReadBlocks(int first, int count, Span<byte> content)
    {
        long compressedStart = _table.CompressedStart(first);
        int compressedLength = (int)(_table.CompressedStart(first + count) - compressedStart);
        byte[] compressed = compressedLength <= _compressed.Length ? _compressed : ArrayPool<byte>.Shared.Rent(compressedLength);
        try
        {
            if (RandomAccess.Read(_file.SafeFileHandle, compressed.AsSpan(0, compressedLength), compressedStart) != compressedLength)
            {
                throw new InvalidDataException($"zstd frame {first} at offset {compressedStart}: the file ends inside it");
            }
            if (count == 1)
            {
                Decompress(_context, first, compressed.AsSpan(0, compressedLength), content);
                return;
            }
            fixed (byte* into = content)
            {
                nint contentAddress = (nint)into;
                long contentStart = _table.DecompressedStart(first);
                Parallel.For(0, count, LibZstd.CreateDecompressionContext, (i, _, context) =>
                {
                    int frame = first + i;
                    Decompress(context, frame,
                        compressed.AsSpan((int)(_table.CompressedStart(frame) - compressedStart), _table.CompressedSize(frame)),
                        new Span<byte>((byte*)contentAddress + (_table.DecompressedStart(frame) - contentStart), _table.DecompressedSize(frame)));
                    return context;
                }, context => LibZstd.FreeDecompressionContext(context));
            }
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<InvalidDataException>().FirstOrDefault() is { } damaged)
        {
            throw damaged;
        }
        finally
        {
            if (compressed != _compressed)
            {
                ArrayPool<byte>.Shared.Return(compressed);
            }
        }
    }

    private static void Decompress(nint context, int frame, ReadOnlySpan<byte> compressed, Span<byte> content)
    {
        try
        {
            nuint size = LibZstd.Check(LibZstd.Decompress(context, content, (nuint)content.Length, compressed, (nuint)compressed.Length));
            if ((int)size != content.Length)
            {
                throw new InvalidDataException($"holds {size} bytes where the seek table says {content.Length}");
            }
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"zstd frame {frame}: {e.Message}", e);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            LibZstd.FreeDecompressionContext(_context);
            _file.Dispose();
        }
        base.Dispose(disposing);
    }
}
