// PoolBusy (negative control): a busy but healthy thread pool. Every worker runs CPU-bound work
// (Crunch.Spin, a loop in managed code) while more work items wait in the queue; nothing blocks.
// The pool is capped at as many workers as processors, so the queue stays until the work ends.
// At READY: every worker runs Crunch.Spin, and 10 work items are queued: busy, not starved. On
// "release" (after the dump) the loops end, the queue drains, and the program prints DONE.
using System.Runtime.CompilerServices;
using Scenarios;

namespace PoolBusy;

public static class Crunch
{
    private static volatile bool s_stop;
    private static int s_running;
    private static int s_done;

    public static int Running => Volatile.Read(ref s_running);

    public static int Done => Volatile.Read(ref s_done);

    public static void Stop() => s_stop = true;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Spin()
    {
        Interlocked.Increment(ref s_running);
        long sum = 0;
        while (!s_stop)
        {
            sum += Environment.TickCount64 & 1;
        }
        Interlocked.Decrement(ref s_running);
        Interlocked.Increment(ref s_done);
        GC.KeepAlive(sum);
    }
}

public static class Program
{
    public static void Main()
    {
        int workers = Environment.ProcessorCount;
        int items = workers + 10;
        if (!ThreadPool.SetMinThreads(workers, workers) || !ThreadPool.SetMaxThreads(workers, workers))
        {
            Console.Error.WriteLine("scenario not ready: cannot cap the thread pool");
            Environment.Exit(3);
        }
        for (int i = 0; i < items; i++)
        {
            ThreadPool.QueueUserWorkItem(_ => Crunch.Spin());
        }
        Ready.WaitFor(() => Crunch.Running == workers && ThreadPool.PendingWorkItemCount == items - workers,
            "every worker to spin with the rest queued");
        Ready.Announce();

        Ready.WaitForRelease();
        Crunch.Stop();
        Ready.WaitFor(() => Crunch.Done == items, "the queued work to drain");
        Ready.DoneWhenFinished();
    }
}
