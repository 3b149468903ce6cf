using System.IO.Compression;
using DumpLock.Compression.Zstd;

namespace DumpLock.Compression;

/// <summary>
/// Compressed dumps: zstd (what <c>collect --compress</c> writes, in zstd's seekable format; a heap
/// dump shrinks 30–40×) and gzip. zstd is the system's libzstd.
/// </summary>
public static class DumpCompression
{
    public static CompressionKind Detect(ReadOnlySpan<byte> magic) => magic switch
    {
        [0x28, 0xB5, 0x2F, 0xFD, ..] => CompressionKind.Zstd,
        [0x1F, 0x8B, ..] => CompressionKind.Gzip,
        _ => CompressionKind.None,
    };

    /// <summary>
    /// The content of a .zst written in the seekable format, read in place (only the frames read are
    /// decompressed); null for any other compressed file, which <see cref="Decompress"/> copies out.
    /// </summary>
    /// <exception cref="InvalidDataException">A seek table that does not match the file.</exception>
    public static SeekableZstdStream? OpenSeekable(string source, CompressionKind kind)
    {
        if (kind != CompressionKind.Zstd)
        {
            return null;
        }
        FileStream file = File.OpenRead(source);
        SeekTable? table;
        try
        {
            table = SeekTable.Read(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
        if (table is null)
        {
            file.Dispose();
            return null;
        }
        return new SeekableZstdStream(file, table);
    }

    /// <summary>Decompresses the whole of <paramref name="source"/> into <paramref name="destination"/>.</summary>
    public static void Decompress(string source, CompressionKind kind, string destination)
    {
        using FileStream input = File.OpenRead(source);
        using FileStream output = File.Create(destination);
        switch (kind)
        {
            case CompressionKind.Zstd:
                ZstdDecompression.CopyTo(input, output);
                break;
            case CompressionKind.Gzip:
                using (var gzip = new GZipStream(input, CompressionMode.Decompress))
                {
                    gzip.CopyTo(output);
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <summary>A stream that writes seekable zstd into <paramref name="output"/>, which it closes when disposed.</summary>
    // Level 3, zstd's default: a 5 GB heap dump in seconds; higher levels buy little on dumps.
    public static Stream ZstdWriter(Stream output) => new SeekableZstdWriter(output, 3);
}
