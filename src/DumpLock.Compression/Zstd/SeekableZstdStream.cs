using System.Threading;

namespace DumpLock.Compression.Zstd;

/// <summary>
/// A read-only, seekable view of the content of a seekable .zst: a read decompresses only the
/// frames it touches, and keeps the most recently used ones (<see cref="CacheBytes"/> in all).
/// Reads are serialised: ClrMD reads a dump through one stream.
/// </summary>
public sealed class SeekableZstdStream : Stream
{
    /// <summary>What the decompressed frames may hold, peak memory being one of DumpLock's costs.</summary>
    private const int CacheBytes = 8 << 20;

    private readonly Stream _file;
    private readonly SeekTable _table;
    private readonly nint _context = LibZstd.CreateDecompressionContext();
    private readonly byte[] _compressed;
    private readonly FrameCache _cache;
    private readonly Lock _lock = new();
    private bool _disposed;

    internal SeekableZstdStream(Stream file, SeekTable table)
    {
        _file = file;
        _table = table;
        _compressed = new byte[Math.Max(1, Enumerable.Range(0, table.FrameCount).Select(table.CompressedSize).DefaultIfEmpty(0).Max())];
        _cache = new FrameCache(Math.Max(4, CacheBytes / Math.Max(1, table.LargestFrame)));
    }

    /// <summary>Frames decompressed so far (a frame evicted and read again counts twice).</summary>
    public long FramesDecompressed { get; private set; }

    /// <summary>
    /// The first frame that could not be read. Readers above may catch what a read throws (a
    /// reader's failure is a limitation, not an error), so the damage is kept here to be reported.
    /// </summary>
    public InvalidDataException? Damage { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _table.DecompressedLength;

    public override long Position { get; set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        lock (_lock)
        {
            int total = 0;
            while (!buffer.IsEmpty && Position < Length)
            {
                int frame = _table.FrameAt(Position);
                byte[] content = Frame(frame);
                int start = (int)(Position - _table.DecompressedStart(frame));
                int n = Math.Min(buffer.Length, content.Length - start);
                content.AsSpan(start, n).CopyTo(buffer);
                buffer = buffer[n..];
                Position += n;
                total += n;
            }
            return total;
        }
    }

    private byte[] Frame(int frame)
    {
        if (_cache.TryGet(frame) is { } cached)
        {
            return cached;
        }
        int compressedSize = _table.CompressedSize(frame);
        _file.Seek(_table.CompressedStart(frame), SeekOrigin.Begin);
        _file.ReadExactly(_compressed, 0, compressedSize);
        byte[] content = _cache.Evicted() is { } old && old.Length == _table.DecompressedSize(frame)
            ? old : new byte[_table.DecompressedSize(frame)];
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
            Damage ??= new InvalidDataException($"zstd frame {frame} at offset {_table.CompressedStart(frame)}: {e.Message}", e);
            throw Damage;
        }
        FramesDecompressed++;
        _cache.Add(frame, content);
        return content;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => Position + offset,
        _ => Length + offset,
    };

    public override void Flush() { }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

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
