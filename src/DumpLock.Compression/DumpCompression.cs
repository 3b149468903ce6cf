using System.IO.Compression;
using System.Runtime.InteropServices;
using Zstandard.Net;

namespace DumpLock.Compression;

/// <summary>
/// Compressed dumps: zstd (what <c>collect --compress</c> writes; a heap dump shrinks 30–40×) and
/// gzip. zstd comes from Zstandard.Net, which wraps the native libzstd.
/// </summary>
public static class DumpCompression
{
    static DumpCompression()
    {
        // Zstandard.Net imports "libzstd"; Debian and Ubuntu ship only the versioned libzstd.so.1
        // (libzstd.so comes with the -dev package), so point the import at it.
        NativeLibrary.SetDllImportResolver(typeof(ZstandardStream).Assembly, (name, assembly, searchPath) =>
            name == "libzstd" && NativeLibrary.TryLoad("libzstd.so.1", out nint handle) ? handle : 0);
    }

    public static CompressionKind Detect(ReadOnlySpan<byte> magic) => magic switch
    {
        [0x28, 0xB5, 0x2F, 0xFD, ..] => CompressionKind.Zstd,
        [0x1F, 0x8B, ..] => CompressionKind.Gzip,
        _ => CompressionKind.None,
    };

    public static void Decompress(string source, CompressionKind kind, string destination)
    {
        using FileStream input = File.OpenRead(source);
        using Stream decompressed = kind switch
        {
            CompressionKind.Zstd => new ZstandardStream(input, CompressionMode.Decompress),
            CompressionKind.Gzip => new GZipStream(input, CompressionMode.Decompress),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        using FileStream output = File.Create(destination);
        decompressed.CopyTo(output);
    }

    /// <summary>A stream that writes zstd into <paramref name="output"/>, which it closes when disposed.</summary>
    // Level 3, zstd's default: a 5 GB heap dump in seconds; higher levels buy little on dumps.
    public static Stream ZstdWriter(Stream output) => new ZstandardStream(output, 3);
}
