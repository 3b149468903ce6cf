namespace DumpLock.Collection;

/// <summary>
/// Recognises a live single-file app (dotnet publish -p:PublishSingleFile=true), whose runtime
/// writes only full dumps. The host executable carries the bundle signature, preceded by the
/// offset of the bundle's header: 0 in a plain apphost, the header's offset in a bundle
/// (dotnet/runtime src/native/corehost/apphost/bundle_marker.cpp).
/// </summary>
internal static class SingleFileBundle
{
    private static readonly byte[] s_signature =
    [
        0x8b, 0x12, 0x02, 0xb9, 0x6a, 0x61, 0x20, 0x38, 0x72, 0x7b, 0x93, 0x02, 0x14, 0xd7, 0xa0, 0x32,
        0x13, 0xf5, 0xb9, 0xe6, 0xef, 0xae, 0x33, 0x18, 0xee, 0x3b, 0x2d, 0xce, 0x24, 0xb3, 0x6a, 0xae,
    ];

    public static bool IsBundle(int pid)
    {
        try
        {
            // The marker is in the host, which comes first; the bundled files follow it. Chunks
            // overlap by the marker's and the offset's length, so a marker across two is still seen.
            using FileStream exe = File.OpenRead($"/proc/{pid}/exe");
            byte[] buffer = new byte[4 << 20];
            int overlap = s_signature.Length + 8;
            for (int kept = 0, read; (read = exe.ReadAtLeast(buffer.AsSpan(kept), buffer.Length - kept, throwOnEndOfStream: false)) > 0;)
            {
                int length = kept + read;
                int at = buffer.AsSpan(0, length).IndexOf(s_signature);
                if (at >= 8)
                {
                    return BitConverter.ToInt64(buffer, at - 8) != 0;
                }
                kept = Math.Min(overlap, length);
                buffer.AsSpan(length - kept, kept).CopyTo(buffer);
            }
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
