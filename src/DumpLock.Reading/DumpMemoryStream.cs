using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading;

/// <summary>A read-only stream over a range of the dumped process's memory (a module's image, say).</summary>
internal sealed class DumpMemoryStream(IDataReader reader, ulong start, long length) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position { get; set; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int wanted = (int)Math.Min(count, Length - Position);
        if (wanted <= 0)
        {
            return 0;
        }
        int read = reader.Read(start + (ulong)Position, buffer.AsSpan(offset, wanted));
        Position += read;
        return read;
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
}
