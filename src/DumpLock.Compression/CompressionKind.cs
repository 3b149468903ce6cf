namespace DumpLock.Compression;

public enum CompressionKind
{
    None,
    Zstd,
    Gzip,
}
