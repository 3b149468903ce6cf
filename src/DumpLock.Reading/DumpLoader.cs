using DumpLock.Reading.Dac;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading;

/// <summary>
/// Opens a dump and its .NET runtime, and turns every way that can fail into a
/// <see cref="DumpLockException"/> that says what is wrong and what to do.
/// </summary>
internal static class DumpLoader
{
    public static DataTarget Open(string path)
    {
        CheckFile(path);
        try
        {
            return DataTarget.LoadDump(path);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException or ClrDiagnosticsException)
        {
            throw new DumpLockException($"'{path}' cannot be read as a dump ({e.Message.TrimEnd('.')}); is it a complete core file?", e);
        }
    }

    public static ClrRuntime CreateRuntime(DataTarget target, string path, string? userDac)
    {
        if (target.ClrVersions.Length == 0)
        {
            throw new DumpLockException($"no .NET runtime found in '{path}': it is not a dump of a .NET process, or it is damaged");
        }
        ClrInfo clr = target.ClrVersions[0];
        string? dac = DacLocator.Find(clr, userDac);
        if (dac is null)
        {
            string version = RuntimeVersionReader.BeforeRuntime(target, clr) ?? "<version>";
            string buildId = Convert.ToHexStringLower([.. clr.BuildId]);
            throw new DumpLockException(
                $"no DAC for the dump's runtime, .NET {version} (libcoreclr build-id {buildId}), is installed or in the NuGet cache: " +
                $"run 'dumplock dac fetch {version}', or pass --dac <path to its libmscordaccore.so>");
        }
        try
        {
            // ClrMD reads the runtime version of Linux dumps as 0.0 and would reject every DAC as a
            // mismatch; the DAC was matched on the libcoreclr build-id instead.
            return clr.CreateRuntime(dac, ignoreMismatch: true);
        }
        catch (Exception e) when (e is ClrDiagnosticsException or InvalidDataException or InvalidOperationException or FileNotFoundException or DllNotFoundException or BadImageFormatException)
        {
            throw new DumpLockException(
                $"the .NET runtime in '{path}' cannot be read: the dump is truncated or damaged, or was not written by createdump or dumplock collect", e);
        }
    }

    private static void CheckFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new DumpLockException($"'{path}' is a directory, not a dump file");
        }
        if (!File.Exists(path))
        {
            throw new DumpLockException($"dump file '{path}' does not exist");
        }
        byte[] magic = new byte[4];
        int read;
        try
        {
            using FileStream file = File.OpenRead(path);
            read = file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new DumpLockException($"cannot read '{path}': permission denied", e);
        }
        catch (IOException e)
        {
            throw new DumpLockException($"cannot read '{path}': {e.Message}", e);
        }
        if (read == 0)
        {
            throw new DumpLockException($"'{path}' is empty, not a dump");
        }
        CheckMagic(path, magic.AsSpan(0, read));
    }

    private static void CheckMagic(string path, ReadOnlySpan<byte> magic)
    {
        if (magic.SequenceEqual("\u007fELF"u8) || magic.SequenceEqual("MDMP"u8))
        {
            return;
        }
        if (magic.SequenceEqual(new byte[] { 0x28, 0xB5, 0x2F, 0xFD }))
        {
            throw new DumpLockException($"'{path}' is zstd-compressed: decompress it first (zstd -d '{path}')");
        }
        if (magic.Length >= 2 && magic[0] == 0x1F && magic[1] == 0x8B)
        {
            throw new DumpLockException($"'{path}' is gzip-compressed: decompress it first (gunzip -k '{path}')");
        }
        throw new DumpLockException($"'{path}' is not a core dump (no ELF or minidump header)");
    }
}
