using System.Diagnostics;
using System.Net.Sockets;
using DumpLock.Compression;

namespace DumpLock.Collection;

/// <summary>
/// Asks a live .NET process's runtime to write a dump of itself, through its diagnostic port.
/// The dump is written under a temporary name in the target directory and renamed only when
/// complete, so a file under the final name is always whole; nothing is overwritten without force.
/// A process in a container writes into its own temporary directory instead (a path in ours would
/// mean nothing to it); the dump is moved out through /proc/&lt;pid&gt;/root and removed there.
/// </summary>
public static class DumpCollector
{
    // progress, when given, hears the bytes written so far and the time taken, twice a second;
    // notice hears what collect decided by itself (a full dump for a single-file app).
    public static CollectResult Collect(int pid, string? outputPath, DumpKind kind, bool force, bool compress,
        Action<long, TimeSpan>? progress = null, Action<string>? notice = null)
    {
        // This path is sent to the target process, whose current directory may differ from ours.
        string finalPath = Path.GetFullPath(outputPath ?? (compress ? $"core.{pid}.zst" : $"core.{pid}"));
        CheckTarget(finalPath, force);
        DiagnosticEndpoint endpoint = ProcessLocator.Find(pid);
        if (kind != DumpKind.Full && SingleFileBundle.IsBundle(pid))
        {
            // The runtime of a single-file app refuses any other type ("Only full dumps are supported by single file apps").
            kind = DumpKind.Full;
            notice?.Invoke($"process {pid} is a single-file app, whose runtime writes only full dumps: taking a full dump");
        }

        string tempName = $"{Path.GetFileName(finalPath)}.tmp-{Guid.NewGuid():N}";
        string tempPath = Path.Combine(Path.GetDirectoryName(finalPath)!, tempName);
        // Where the target writes, in its view: in a container, its own temporary directory. With
        // --compress, a FIFO there, read and compressed into tempPath as the dump is written.
        string writtenPath = (endpoint.InOtherMountNamespace ? endpoint.TempDirectory + tempName : tempPath) + (compress ? ".pipe" : "");
        string seenAt = endpoint.HostPath(writtenPath);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            (string? error, long written) = compress
                ? WriteCompressed(endpoint, kind, writtenPath, tempPath, stopwatch, progress)
                : (WriteDump(endpoint, kind, writtenPath, stopwatch, progress, () => File.Exists(seenAt) ? new FileInfo(seenAt).Length : 0),
                    File.Exists(seenAt) ? new FileInfo(seenAt).Length : 0);
            if (error is not null)
            {
                throw new DumpLockException($"process {pid} could not write a dump: {FirstCause(error)}");
            }
            if (written == 0)
            {
                throw new DumpLockException($"process {pid} reported success but wrote no dump to '{writtenPath}'");
            }
            if (!compress && endpoint.InOtherMountNamespace)
            {
                File.Move(seenAt, tempPath);
            }
            // Dumps hold the process's memory, secrets included: owner-only, whoever created them.
            File.SetUnixFileMode(tempPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Move(tempPath, finalPath, overwrite: force);
        }
        catch (SocketException e)
        {
            throw new DumpLockException($"process {pid} did not answer on its diagnostic port {endpoint.SocketPath} ({e.Message.TrimEnd('.')})", e);
        }
        catch (IOException e) when (File.Exists(finalPath) && !force)
        {
            throw new DumpLockException($"'{finalPath}' appeared while the dump was written; use --force to overwrite it", e);
        }
        catch (IOException e) when (compress)
        {
            throw new DumpLockException($"the compressed dump could not be written to '{tempPath}': {e.Message.TrimEnd('.')}", e);
        }
        finally
        {
            if (endpoint.InOtherMountNamespace || compress)
            {
                TryDelete(seenAt);
            }
            File.Delete(tempPath);
        }
        return new CollectResult(finalPath, new FileInfo(finalPath).Length, stopwatch.Elapsed);
    }

    /// <summary>
    /// The runtime writes the dump into a FIFO, compressed into <paramref name="output"/> as it
    /// comes: the dump is never on disk uncompressed. Returns the runtime's error, and how many
    /// bytes of dump it wrote.
    /// </summary>
    private static (string? Error, long Written) WriteCompressed(DiagnosticEndpoint endpoint, DumpKind kind, string pipePath, string output,
        Stopwatch stopwatch, Action<long, TimeSpan>? progress)
    {
        File.Create(output).Dispose();
        File.SetUnixFileMode(output, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using DumpPipe pipe = DumpPipe.Create(endpoint.HostPath(pipePath), endpoint.Pid);
        pipe.StartCompressing(output);
        string? error = WriteDump(endpoint, kind, pipePath, stopwatch, progress, () => pipe.BytesRead);
        pipe.Finish();
        return (error, pipe.BytesRead);
    }

    /// <summary>The runtime writes the dump itself; while it does, report how much it wrote.</summary>
    private static string? WriteDump(DiagnosticEndpoint endpoint, DumpKind kind, string path, Stopwatch stopwatch, Action<long, TimeSpan>? progress,
        Func<long> written)
    {
        Task<string?> writing = Task.Run(() => DiagnosticPort.WriteDump(endpoint.SocketPath, ToDumpType(kind), path));
        while (progress is not null && !writing.Wait(TimeSpan.FromMilliseconds(500)))
        {
            progress(written(), stopwatch.Elapsed);
        }
        return writing.GetAwaiter().GetResult();
    }

    /// <summary>The container's copy may already be gone with the container itself.</summary>
    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
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

    private static DiagnosticPort.DumpType ToDumpType(DumpKind kind) => kind switch
    {
        DumpKind.Heap => DiagnosticPort.DumpType.WithHeap,
        DumpKind.Mini => DiagnosticPort.DumpType.Normal,
        DumpKind.Triage => DiagnosticPort.DumpType.Triage,
        DumpKind.Full => DiagnosticPort.DumpType.Full,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
