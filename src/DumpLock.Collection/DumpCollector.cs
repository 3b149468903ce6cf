using System.Diagnostics;
using DumpLock.Compression;
using Microsoft.Diagnostics.NETCore.Client;

namespace DumpLock.Collection;

/// <summary>
/// Asks a live .NET process's runtime to write a dump of itself, through its diagnostic port.
/// The dump is written under a temporary name in the target directory and renamed only when
/// complete, so a file under the final name is always whole; nothing is overwritten without force.
/// </summary>
public static class DumpCollector
{
    // progress, when given, hears the bytes written so far and the time taken, twice a second.
    public static CollectResult Collect(int pid, string? outputPath, DumpKind kind, bool force, bool compress,
        Action<long, TimeSpan>? progress = null)
    {
        // This path is sent to the target process, whose current directory may differ from ours.
        string finalPath = Path.GetFullPath(outputPath ?? (compress ? $"core.{pid}.zst" : $"core.{pid}"));
        CheckTarget(finalPath, force);
        ProcessLocator.CheckIsDotNet(pid);

        string tempPath = Path.Combine(Path.GetDirectoryName(finalPath)!, $"{Path.GetFileName(finalPath)}.tmp-{Guid.NewGuid():N}");
        string compressedPath = tempPath + ".zst";
        var stopwatch = Stopwatch.StartNew();
        try
        {
            WriteDump(pid, kind, tempPath, stopwatch, progress);
            if (!File.Exists(tempPath))
            {
                throw new DumpLockException($"process {pid} reported success but wrote no dump to '{tempPath}'");
            }
            // Dumps hold the process's memory, secrets included: owner-only, whoever created them.
            File.SetUnixFileMode(tempPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            if (compress)
            {
                File.Create(compressedPath).Dispose();
                File.SetUnixFileMode(compressedPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                DumpCompression.CompressZstd(tempPath, compressedPath);
                File.Move(compressedPath, finalPath, overwrite: force);
            }
            else
            {
                File.Move(tempPath, finalPath, overwrite: force);
            }
        }
        catch (Exception e) when (e is ServerNotAvailableException or UnsupportedCommandException or TimeoutException)
        {
            throw new DumpLockException($"process {pid} did not answer on its diagnostic port ({e.Message.TrimEnd('.')})", e);
        }
        catch (DiagnosticsClientException e)
        {
            throw new DumpLockException($"process {pid} could not write a dump: {FirstCause(e.Message)}", e);
        }
        catch (IOException e) when (File.Exists(finalPath) && !force)
        {
            throw new DumpLockException($"'{finalPath}' appeared while the dump was written; use --force to overwrite it", e);
        }
        finally
        {
            File.Delete(tempPath);
            File.Delete(compressedPath);
        }
        return new CollectResult(finalPath, new FileInfo(finalPath).Length, stopwatch.Elapsed);
    }

    /// <summary>The runtime writes the dump itself; while it does, report the file's growth.</summary>
    private static void WriteDump(int pid, DumpKind kind, string path, Stopwatch stopwatch, Action<long, TimeSpan>? progress)
    {
        Task writing = Task.Run(() => new DiagnosticsClient(pid).WriteDump(ToDumpType(kind), path, logDumpGeneration: false));
        while (progress is not null && !writing.Wait(TimeSpan.FromMilliseconds(500)))
        {
            progress(File.Exists(path) ? new FileInfo(path).Length : 0, stopwatch.Elapsed);
        }
        writing.GetAwaiter().GetResult();
    }

    /// <summary>
    /// The runtime passes on createdump's whole log ("[createdump] Error writing data …: No space
    /// left on device (28)", "[createdump] Writing dump FAILED", …): keep the line that says why.
    /// </summary>
    private static string FirstCause(string message)
    {
        string[] lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Replace("[createdump] ", "", StringComparison.Ordinal))
            .ToArray();
        return (lines.FirstOrDefault(l => l.Contains("Error", StringComparison.OrdinalIgnoreCase) || l.StartsWith("Could not", StringComparison.Ordinal))
            ?? lines.FirstOrDefault() ?? "no reason given").TrimEnd('.');
    }

    private static void CheckTarget(string finalPath, bool force)
    {
        string directory = Path.GetDirectoryName(finalPath)!;
        if (!Directory.Exists(directory))
        {
            throw new DumpLockException($"output directory '{directory}' does not exist");
        }
        if (Directory.Exists(finalPath))
        {
            throw new DumpLockException($"'{finalPath}' is a directory; give a file name with -o");
        }
        if (File.Exists(finalPath) && !force)
        {
            throw new DumpLockException($"'{finalPath}' already exists; use --force to overwrite it, or -o to choose another name");
        }
    }

    private static DumpType ToDumpType(DumpKind kind) => kind switch
    {
        DumpKind.Heap => DumpType.WithHeap,
        DumpKind.Mini => DumpType.Normal,
        DumpKind.Triage => DumpType.Triage,
        DumpKind.Full => DumpType.Full,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
