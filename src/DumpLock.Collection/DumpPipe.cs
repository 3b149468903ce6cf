using System.Runtime.InteropServices;
using System.Threading;
using DumpLock.Compression;

namespace DumpLock.Collection;

/// <summary>
/// A compressed dump without an uncompressed copy on disk first: the runtime's createdump writes
/// its core into a FIFO, front to back (it never seeks), and the dump is compressed as it arrives.
/// DumpLock holds a write end of its own until the runtime has answered, so the reading side sees
/// the end of the stream only then, even when createdump never opened the FIFO (it failed first).
/// </summary>
internal sealed class DumpPipe : IDisposable
{
    private readonly string _path;
    private Task? _compressing;
    private FileStream? _ownWriteEnd;
    private long _bytesRead;

    private DumpPipe(string path) => _path = path;

    /// <summary>The bytes of dump received so far.</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>
    /// Makes the FIFO (mode 0600) at <paramref name="path"/>, as DumpLock reaches it; when DumpLock
    /// runs as root, it belongs to the target's user, as createdump runs as that user.
    /// </summary>
    public static DumpPipe Create(string path, int targetPid)
    {
        if (MakeFifo(path, Convert.ToUInt32("600", 8)) != 0)
        {
            throw new IOException($"cannot create the pipe '{path}': {Marshal.GetLastPInvokeErrorMessage()}");
        }
        var pipe = new DumpPipe(path);
        if (Environment.IsPrivilegedProcess && ProcFiles.EffectiveIds(targetPid) is var (uid, gid) && ChangeOwner(path, uid, gid) != 0)
        {
            pipe.Dispose();
            throw new IOException($"cannot give the pipe '{path}' to the user of process {targetPid}: {Marshal.GetLastPInvokeErrorMessage()}");
        }
        return pipe;
    }

    /// <summary>Starts compressing what arrives into <paramref name="destination"/>, which must exist.</summary>
    public void StartCompressing(string destination)
    {
        _compressing = Task.Run(() =>
        {
            using FileStream readEnd = new(_path, FileMode.Open, FileAccess.Read);
            try
            {
                using Stream compressed = DumpCompression.ZstdWriter(new FileStream(destination, FileMode.Truncate, FileAccess.Write));
                byte[] buffer = new byte[1 << 20];
                for (int n; (n = readEnd.Read(buffer)) > 0;)
                {
                    compressed.Write(buffer, 0, n);
                    Interlocked.Add(ref _bytesRead, n);
                }
            }
            finally
            {
                // Should writing fail (a full disk), read on to the end all the same: createdump
                // would otherwise block on the full pipe, and the runtime never answer.
                readEnd.CopyTo(Stream.Null);
            }
        });
        // Opening a FIFO waits for the other end: this returns once the reader above has opened it.
        _ownWriteEnd = new FileStream(_path, FileMode.Open, FileAccess.Write);
    }

    /// <summary>After the runtime has answered: the stream ends, and the compressed file is complete.</summary>
    public void Finish()
    {
        _ownWriteEnd?.Dispose();
        _compressing?.GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _ownWriteEnd?.Dispose();
        File.Delete(_path);
    }

    // DllImport rather than LibraryImport, which would need unsafe code in the project.
    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);

    [DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    private static extern int ChangeOwner([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int uid, int gid);
}
