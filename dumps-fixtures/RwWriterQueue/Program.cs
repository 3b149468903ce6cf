// RwWriterQueue: a reader queued behind a waiting writer closes a cycle. "reader" holds the read
// lock of `index` and waits to lock `shelf`; "writer" waits for the write lock of `index` (for the
// reader to leave); "late-reader" holds `shelf` and asks for the read lock of `index`, which a
// ReaderWriterLockSlim does not grant while a writer waits. reader → late-reader (shelf) →
// writer (the read lock queued behind it) → reader (the write lock waits for the reader).
// At READY: reader blocked on shelf, writer and late-reader blocked in index, each past the spinning.
using System.Runtime.CompilerServices;
using Scenarios;

namespace RwWriterQueue;

public sealed class Shelf
{
    public int Books { get; set; }
}

public static class Program
{
    private static readonly ReaderWriterLockSlim s_index = new();
    private static readonly Shelf s_shelf = new();
    private static readonly ManualResetEventSlim s_go = new(false);
    private static int s_holding;
    private static int s_tryingShelf;

    public static void Main()
    {
        Thread lateReader = Start("late-reader", HoldShelfThenRead);
        Thread reader = Start("reader", ReadThenShelf);
        Ready.WaitFor(() => Volatile.Read(ref s_holding) == 2, "reader and late-reader to hold their first lock");
        Thread writer = Start("writer", Write);
        Ready.WaitFor(() => s_index.WaitingWriteCount == 1, "the writer to wait");

        long baseline = Ready.ContentionBaseline();
        s_go.Set();
        Ready.WaitFor(() => s_index.WaitingReadCount == 1, "late-reader to queue behind the writer");
        Ready.WaitFor(() => Volatile.Read(ref s_tryingShelf) == 1, "reader to ask for the shelf");
        Ready.WaitForContentions(baseline, 1);
        Ready.WaitUntilBlocked(reader, writer, lateReader);
        Ready.Announce();
        Thread.Sleep(Timeout.Infinite);
    }

    private static Thread Start(string name, ThreadStart body)
    {
        var thread = new Thread(body) { Name = name, IsBackground = true };
        thread.Start();
        return thread;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ReadThenShelf()
    {
        s_index.EnterReadLock();
        Interlocked.Increment(ref s_holding);
        s_go.Wait();
        Volatile.Write(ref s_tryingShelf, 1);
        lock (s_shelf)
        {
            s_shelf.Books++;
        }
        s_index.ExitReadLock();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Write()
    {
        s_index.EnterWriteLock();
        s_index.ExitWriteLock();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void HoldShelfThenRead()
    {
        lock (s_shelf)
        {
            Interlocked.Increment(ref s_holding);
            s_go.Wait();
            // The read lock is asked for only once the writer waits (main sets the go event then).
            s_index.EnterReadLock();
            s_index.ExitReadLock();
        }
    }
}
