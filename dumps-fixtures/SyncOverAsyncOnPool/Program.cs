// SyncOverAsyncOnPool (negative control): a thread with a SynchronizationContext blocks on .Result,
// but the awaited method used ConfigureAwait(false): its continuation is bound for the thread
// pool, not for the blocked thread's context, so it is not a cycle of one.
// The pool is capped at as many workers as processors, and every worker waits at `gate`. Thread
// "ui" installs a SingleThreadContext (a SynchronizationContext whose callbacks run only when ui
// drains them), calls Loader.LoadAsync() and blocks on its .Result. LoadAsync awaits a
// TaskCompletionSource's task with ConfigureAwait(false); the tcs runs its continuations
// asynchronously, so when main completes it, the rest of LoadAsync is queued to the pool.
// At READY: every pool worker waits at gate; ui is blocked in .Result on LoadAsync's task, whose
// continuation waits in the pool's queue. On "release" (after the dump), gate is set: the workers
// finish, a worker runs the continuation, LoadAsync completes, ui returns, and the program prints DONE.
using System.Runtime.CompilerServices;
using Scenarios;

namespace SyncOverAsyncOnPool;

/// <summary>A UI-style context: posted callbacks queue up until the owning thread drains them.</summary>
public sealed class SingleThreadContext : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _posted = new();

    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (_posted)
        {
            _posted.Enqueue((d, state));
        }
    }
}

public static class Loader
{
    public static readonly TaskCompletionSource<int> Source = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task<int> LoadAsync()
    {
        int value = await Source.Task.ConfigureAwait(false);
        return value + 1;
    }
}

public static class Program
{
    private static readonly ManualResetEventSlim s_gate = new(false);

    public static void Main()
    {
        int workers = Environment.ProcessorCount;
        if (!ThreadPool.SetMinThreads(workers, workers) || !ThreadPool.SetMaxThreads(workers, workers))
        {
            Console.Error.WriteLine("scenario not ready: cannot cap the thread pool");
            Environment.Exit(3);
        }
        var started = new CountdownEvent(workers);
        var blocked = new Task[workers];
        for (int i = 0; i < workers; i++)
        {
            blocked[i] = Task.Factory.StartNew(() =>
            {
                started.Signal();
                s_gate.Wait();
            }, CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);
        }
        Ready.WaitFor(() => started.CurrentCount == 0, "every pool worker to wait at the gate");

        Task<int>? loading = null;
        var ui = new Thread(() =>
        {
            SynchronizationContext.SetSynchronizationContext(new SingleThreadContext());
            loading = Loader.LoadAsync();
            Console.Error.WriteLine($"ui got {Block(loading)}");
        }) { Name = "ui", IsBackground = true };
        ui.Start();
        Ready.WaitFor(() => Volatile.Read(ref loading) is not null, "ui to start LoadAsync");
        Ready.WaitUntilBlocked(ui);
        Loader.Source.SetResult(41);
        Ready.WaitFor(() => ThreadPool.PendingWorkItemCount > 0, "LoadAsync's continuation to be queued to the pool");
        Ready.Announce();

        Ready.WaitForRelease();
        s_gate.Set();
        Task.WaitAll(blocked);
        Ready.DoneWhenFinished(ui);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Block(Task<int> task) => task.Result;
}
