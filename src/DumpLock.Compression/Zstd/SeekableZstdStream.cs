namespace DumpLock.Compression.Zstd;

/// <summary>
/// The content of a seekable .zst: a read decompresses only the frames it touches, each once
/// while it stays in the cache.
/// </summary>
public sealed class SeekableZstdStream : CachedBlockStream
{
    private readonly Stream _file;
    private readonly SeekTable _table;
    private readonly nint _context = LibZstd.CreateDecompressionContext();
    private readonly byte[] _compressed;
    private bool _disposed;

    internal SeekableZstdStream(Stream file, SeekTable table) : base(table.LargestFrame)
    {
        _file = file;
        _table = table;
        _compressed = new byte[Math.Max(1, Enumerable.Range(0, table.FrameCount).Select(table.CompressedSize).DefaultIfEmpty(0).Max())];
    }

    public override long Length => _table.DecompressedLength;

    protected override int BlockAt(long position) => _table.FrameAt(position);

    protected override long BlockStart(int block) => _table.DecompressedStart(block);

    protected override int BlockLength(int block) => _table.DecompressedSize(block);

    protected override void ReadBlock(int block, byte[] content)
    {
        int compressedSize = _table.CompressedSize(block);
        _file.Seek(_table.CompressedStart(block), SeekOrigin.Begin);
        _file.ReadExactly(_compressed, 0, compressedSize);
        try
        {
            nuint size = LibZstd.Check(LibZstd.Decompress(_context, content, (nuint)content.Length, _compressed.AsSpan(0, compressedSize), (nuint)compressedSize));
            if ((int)size != content.Length)
            {
                throw new InvalidDataException($"holds {size} bytes where the seek table says {content.Length}");
            }
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"zstd frame {block} at offset {_table.CompressedStart(block)}: {e.Message}", e);
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
