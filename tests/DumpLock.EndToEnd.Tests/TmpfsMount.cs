using System.Diagnostics;

namespace DumpLock.EndToEnd.Tests;

/// <summary>A small tmpfs mounted for one test (full or read-only disks); unmounted on dispose.</summary>
internal sealed class TmpfsMount : IDisposable
{
    private TmpfsMount(string path) => Path = path;

    public string Path { get; }

    /// <summary>Null when this machine does not let us mount (not root, or no mount capability).</summary>
    public static TmpfsMount? TryMount(string options)
    {
        string path = Directory.CreateTempSubdirectory("dumplock-tmpfs-").FullName;
        if (Run("mount", "-t", "tmpfs", "-o", options, "tmpfs", path) == 0)
        {
            return new TmpfsMount(path);
        }
        Directory.Delete(path);
        return null;
    }

    public void Dispose()
    {
        Run("umount", Path);
        Directory.Delete(Path);
    }

    private static int Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program, args) { RedirectStandardError = true, RedirectStandardOutput = true };
        using Process process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
