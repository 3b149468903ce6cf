using DumpLock.Model;
using DumpLock.Reading.Inspectors;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading.ThreadPool;

/// <summary>
/// The portable thread pool (.NET 8–11) without a heap walk (docs/runtime-internals.md §10, §16j):
/// limits from the DAC, workers from their start frame, and the queued work items counted in the
/// global queues of the static <c>ThreadPool.s_workQueue</c> and in each thread's local queue
/// (thread-static <c>ThreadPoolWorkQueueThreadLocals.threadLocals</c>).
/// </summary>
internal static class ThreadPoolReader
{
    private const string WorkerStart = "System.Threading.PortableThreadPool+WorkerThread.WorkerThreadStart";

    public static ThreadPoolInfo? Read(RuntimeView view)
    {
        ClrRuntime runtime = view.Runtime;
        IReadOnlyList<ThreadView> threads = view.ThreadViews;
        ClrThreadPool? pool = runtime.ThreadPool;
        var workers = threads.Where(IsWorker).Select(t => (int)t.Thread.OSThreadId).Order().ToList();
        if (pool is null && workers.Count == 0)
        {
            return null;
        }
        var idle = threads.Where(t => IsWorker(t) && IdleWorkerInspector.IsIdle(t, view)).Select(t => (int)t.Thread.OSThreadId).Order();
        return new ThreadPoolInfo(pool?.MinThreads, pool?.MaxThreads, [.. workers], [.. idle], QueuedWorkItems.Count(runtime, threads));
    }

    /// <summary>A pool worker, idle or busy: its outermost managed frames start a worker thread.</summary>
    public static bool IsWorker(ThreadView thread) => thread.HasFrameNamed(WorkerStart);
}
