namespace DumpLock.Compression.Zstd;

/// <summary>Decompresses a whole .zst front to back: one not written by DumpLock, without a seek table.</summary>
/// <exception cref="EndOfStreamException">The file ends inside a frame: it was cut short.</exception>
internal static class ZstdDecompression
{
    public static unsafe void CopyTo(Stream input, Stream output)
    {
        byte[] inBuffer = new byte[1 << 17];
        byte[] outBuffer = new byte[1 << 17];
        nint context = LibZstd.CreateDecompressionContext();
        try
        {
            fixed (byte* inData = inBuffer)
            fixed (byte* outData = outBuffer)
            {
                // What the last call returned: 0 once a frame is complete, else a hint of what it still needs.
                nuint pending = 0;
                for (int read; (read = input.Read(inBuffer)) > 0;)
                {
                    var source = new LibZstd.Buffer { Data = inData, Size = (nuint)read };
                    while (source.Position < source.Size)
                    {
                        var target = new LibZstd.Buffer { Data = outData, Size = (nuint)outBuffer.Length };
                        pending = LibZstd.Check(LibZstd.DecompressStream(context, &target, &source));
                        output.Write(outBuffer, 0, (int)target.Position);
                    }
                }
                // Flush what the decoder still holds of the last frame.
                while (pending != 0)
                {
                    var source = new LibZstd.Buffer { Data = inData };
                    var target = new LibZstd.Buffer { Data = outData, Size = (nuint)outBuffer.Length };
                    pending = LibZstd.Check(LibZstd.DecompressStream(context, &target, &source));
                    output.Write(outBuffer, 0, (int)target.Position);
                    if (pending != 0 && target.Position == 0)
                    {
                        throw new EndOfStreamException("the file ends inside a zstd frame");
                    }
                }
            }
        }
        finally
        {
            LibZstd.FreeDecompressionContext(context);
        }
    }
}
