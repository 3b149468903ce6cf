using DumpLock.Reading.Dac;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading;

/// <summary>
/// Opens a dump and its .NET runtime, and turns every way that can fail into a
/// <see cref="DumpLockException"/> that says what is wrong and what to do.
/// </summary>
internal static class DumpLoader
{
    // shownPath: what the user gave (the compressed file, say), for messages.
    public static DataTarget Open(DumpFile file, string shownPath)
    {
        try
        {
            // The DumpFile owns the stream and closes it.
            return DataTarget.LoadDump(shownPath, file.Content, leaveOpen: true);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException or ClrDiagnosticsException or BadImageFormatException)
        {
            throw new DumpLockException($"'{shownPath}' cannot be read as a dump ({e.Message.TrimEnd('.')}); is it a complete core file?", e);
        }
    }

    public static DataTarget Attach(int pid)
    {
        if (!File.Exists($"/proc/{pid}/status"))
        {
            throw new DumpLockException($"no process with PID {pid}");
        }
        // ClrMD finds a live process's threads by our view of their ids, the runtime lists them by
        // its own: in another PID namespace none match, every stack reads empty, and the verdict
        // would be a false "ok".
        if (InOtherPidNamespace(pid))
        {
            throw new DumpLockException($"process {pid} runs in another PID namespace (a container), whose threads cannot be read live: " +
                $"take a dump with 'dumplock collect {pid}' and analyze that");
        }
        try
        {
            return DataTarget.AttachToProcess(pid, suspend: true);
        }
        catch (Exception e) when (e is ClrDiagnosticsException or UnauthorizedAccessException or InvalidOperationException or IOException or ArgumentException)
        {
            throw new DumpLockException($"cannot attach to process {pid} ({e.Message.TrimEnd('.')}): run dumplock as the process's user or as root", e);
        }
    }

    private static bool InOtherPidNamespace(int pid)
    {
        try
        {
            return new FileInfo("/proc/self/ns/pid").LinkTarget != new FileInfo($"/proc/{pid}/ns/pid").LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>ClrMD reads the dump's notes (modules, auxv) only now, on first use.</summary>
    private static ClrInfo[] LoadedRuntimes(DataTarget target, string path)
    {
        try
        {
            return [.. target.ClrVersions];
        }
        catch (Exception e) when (e is BadImageFormatException or InvalidDataException or IOException or ClrDiagnosticsException)
        {
            throw new DumpLockException($"'{path}' is damaged: its notes cannot be read ({e.Message.TrimEnd('.')})", e);
        }
    }

    /// <summary>A NativeAOT app has no libcoreclr; its executable exports the NativeAOT debug header.</summary>
    private static bool IsNativeAot(DataTarget target)
    {
        try
        {
            return target.EnumerateModules().Any(m => m.GetExportSymbolAddress(NativeAotMessage.DebugHeaderSymbol) != 0);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A damaged module table is reported as what it is by the caller.
            return false;
        }
    }

    // path: the dump as the user gave it, or "process <pid>" when live.
    public static ClrRuntime CreateRuntime(DataTarget target, string path, string? userDac, bool live)
    {
        if (LoadedRuntimes(target, path) is not [ClrInfo clr, ..])
        {
            string nativeAot = live ? $"{path} is a NativeAOT app" : $"'{path}' is a dump of a NativeAOT app";
            throw new DumpLockException(IsNativeAot(target) ? NativeAotMessage.For(nativeAot)
                : $"no .NET runtime found in '{path}': it is not a dump of a .NET process, or it is damaged");
        }
        if (clr.BuildId.IsDefaultOrEmpty)
        {
            throw new DumpLockException(
                $"the .NET runtime in '{path}' cannot be identified (no libcoreclr build-id): the dump is truncated or damaged");
        }
        string? dac = DacLocator.Find(clr, userDac);
        if (dac is null)
        {
            string version = RuntimeVersionReader.Read(target, clr) ?? "<version>";
            string buildId = Convert.ToHexStringLower([.. clr.BuildId]);
            throw new DumpLockException(
                $"no DAC for the dump's runtime, .NET {version} (libcoreclr build-id {buildId}), is installed or in the NuGet cache: " +
                $"run 'dumplock dac fetch {version}', or pass --dac <path to its libmscordaccore.so>");
        }
        try
        {
            // ClrMD reads the runtime version of Linux dumps as 0.0 and would reject every DAC as a
            // mismatch; the DAC was matched on the libcoreclr build-id instead.
            ClrRuntime runtime = clr.CreateRuntime(dac, ignoreMismatch: true);
            MethodLocatorCache.Install(runtime);
            return runtime;
        }
        catch (Exception e) when (e is ClrDiagnosticsException or InvalidDataException or InvalidOperationException or FileNotFoundException or DllNotFoundException or BadImageFormatException)
        {
            throw new DumpLockException(
                $"the .NET runtime in '{path}' cannot be read: the dump is truncated or damaged, or was not written by createdump or dumplock collect", e);
        }
    }
}
