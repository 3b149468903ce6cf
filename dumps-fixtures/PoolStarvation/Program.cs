// PoolStarvation: sync over async starves a console app's thread pool.
// The pool is capped at as many workers as processors. 20 work items each call Orders.Load(),
// which blocks on LoadAsync().GetAwaiter().GetResult(); LoadAsync awaits a TaskCompletionSource
// that runs its continuations asynchronously. Once every worker is blocked in Load, main completes
// the source: the rest of each LoadAsync is queued to the pool, behind the work items still waiting
// there, and no worker is free to run it.
// At READY: every pool worker is blocked in GetResult inside Orders.Load (Program.cs), and the pool's
// queues hold the remaining work items and the continuations: thread-pool starvation.
// With the argument "recover", main then lifts the cap: the pool adds a worker, the queued work runs,
// every Load returns; READY comes only once all 20 are done and every worker has parked in the
// pool's semaphore (a worker back from its last item spins first), and the dump shows a healthy pool.
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Scenarios;

namespace PoolStarvation;

public static class Orders
{
    public static readonly TaskCompletionSource<int> Source = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public static readonly ConcurrentBag<Task<int>> Loading = [];
    private static int s_done;

    public static int Done => Volatile.Read(ref s_done);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Load()
    {
        Task<int> loading = LoadAsync();
        Loading.Add(loading);
        int value = loading.GetAwaiter().GetResult();
        Interlocked.Add(ref s_done, value);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<int> LoadAsync()
    {
        int value = await Source.Task;
        return value;
    }
}

public static class Program
{
    private const int WorkItems = 20;

    public static void Main(string[] args)
    {
        int workers = Environment.ProcessorCount;
        if (!ThreadPool.SetMinThreads(workers, workers) || !ThreadPool.SetMaxThreads(workers, workers))
        {
            Console.Error.WriteLine("scenario not ready: cannot cap the thread pool");
            Environment.Exit(3);
        }
        for (int i = 0; i < WorkItems; i++)
        {
            ThreadPool.QueueUserWorkItem(_ => Orders.Load());
        }
        Ready.WaitFor(() => Orders.Loading.Count == workers && Orders.Loading.All(t => Ready.BlockedWaitersOf(t) == 1),
            "every pool worker to block in Orders.Load");
        Orders.Source.SetResult(1);
        Ready.WaitFor(() => ThreadPool.PendingWorkItemCount == WorkItems, "the continuations to be queued behind the work items");

        if (args is ["recover"])
        {
            ThreadPool.SetMaxThreads(workers + 1, workers + 1);
            Ready.WaitFor(() => Orders.Done == WorkItems, "the pool to recover and finish every work item");
            Ready.WaitUntilPoolWorkersPark();
        }
        Ready.Announce();
        Thread.Sleep(Timeout.Infinite);
    }
}
