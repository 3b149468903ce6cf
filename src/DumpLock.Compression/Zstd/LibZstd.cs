using System.Runtime.InteropServices;

namespace DumpLock.Compression.Zstd;

/// <summary>
/// The few calls DumpLock makes into the system's libzstd (Debian's libzstd1: only the versioned
/// name exists without the -dev package). Source-generated imports, so the NativeAOT build
/// marshals them exactly as the JIT build does.
/// </summary>
internal static partial class LibZstd
{
    private const string Library = "libzstd.so.1";

    // ZSTD_cParameter values from zstd.h.
    public const int CompressionLevelParameter = 100;
    public const int ChecksumFlagParameter = 201;

    [LibraryImport(Library, EntryPoint = "ZSTD_createCCtx")]
    public static partial nint CreateCompressionContext();

    [LibraryImport(Library, EntryPoint = "ZSTD_freeCCtx")]
    public static partial nuint FreeCompressionContext(nint context);

    [LibraryImport(Library, EntryPoint = "ZSTD_CCtx_setParameter")]
    public static partial nuint SetParameter(nint context, int parameter, int value);

    [LibraryImport(Library, EntryPoint = "ZSTD_compressBound")]
    public static partial nuint CompressBound(nuint sourceSize);

    [LibraryImport(Library, EntryPoint = "ZSTD_compress2")]
    public static partial nuint Compress(nint context, Span<byte> destination, nuint capacity, ReadOnlySpan<byte> source, nuint sourceSize);

    [LibraryImport(Library, EntryPoint = "ZSTD_createDCtx")]
    public static partial nint CreateDecompressionContext();

    [LibraryImport(Library, EntryPoint = "ZSTD_freeDCtx")]
    public static partial nuint FreeDecompressionContext(nint context);

    [LibraryImport(Library, EntryPoint = "ZSTD_decompressDCtx")]
    public static partial nuint Decompress(nint context, Span<byte> destination, nuint capacity, ReadOnlySpan<byte> source, nuint sourceSize);

    /// <summary>Streaming decompression, for a .zst of unknown frame sizes (one not written by DumpLock).</summary>
    [LibraryImport(Library, EntryPoint = "ZSTD_decompressStream")]
    public static unsafe partial nuint DecompressStream(nint context, Buffer* output, Buffer* input);

    [LibraryImport(Library, EntryPoint = "ZSTD_isError")]
    private static partial uint IsError(nuint code);

    [LibraryImport(Library, EntryPoint = "ZSTD_getErrorName")]
    private static partial nint ErrorName(nuint code);

    /// <summary>ZSTD_inBuffer and ZSTD_outBuffer: the same layout.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct Buffer
    {
        public byte* Data;
        public nuint Size;
        public nuint Position;
    }

    /// <summary>The size a call returned, or an <see cref="InvalidDataException"/> with zstd's words for the error.</summary>
    public static nuint Check(nuint code) =>
        IsError(code) == 0 ? code : throw new InvalidDataException(Marshal.PtrToStringUTF8(ErrorName(code)));
}
