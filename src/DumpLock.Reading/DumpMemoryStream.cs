using DumpLock.Compression;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading;

/// <summary>A read-only stream over a range of the dumped process's memory (a module's image, say).</summary>
internal sealed class DumpMemoryStream(IDataReader reader, ulong start, long length) : ReadOnlyStream
{
    public override long Length => length;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    // Stream's own Read(Span) would copy through a rented array.
    public override int Read(Span<byte> buffer)
    {
        int wanted = (int)Math.Min(buffer.Length, Length - Position);
        if (wanted <= 0)
        {
            return 0;
        }
        int read = reader.Read(start + (ulong)Position, buffer[..wanted]);
        Position += read;
        return read;
    }
}
