// TaskDeadlock: two deadlocks through tasks in one process.
// Lock ↔ task: thread "holder" locks the Registry, starts a task with Task.Run and waits for it
// with Task.Wait(), still inside the lock. The task runs Worker.Touch on a thread-pool thread, and
// its first step is to lock the Registry.
// Sync over async: thread "ui" installs a SingleThreadContext, a SynchronizationContext whose
// posted callbacks run only when the ui thread drains them, calls Loader.LoadAsync() and blocks on
// its .Result. LoadAsync awaits Task.Delay(10); when the delay ends, the rest of LoadAsync is posted
// to the context, where it can never run because the ui thread is blocked.
// At READY:
//   holder holds the Registry once and is blocked in Task.Wait() on the Task.Run task; a thread-pool
//   thread (".NET TP Worker") runs that task and is blocked in Monitor.Enter on the Registry. This is
//   a cycle: holder → task → pool thread → Registry (Monitor) → holder.
//   ui is blocked in Task<int>.Result on the LoadAsync task (an async state machine box, suspended
//   at its await of Task.Delay, which has completed); the continuation that would finish it is the
//   one callback queued in the ui thread's SingleThreadContext.
// The main thread sleeps.
using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using Scenarios;

namespace TaskDeadlock;

public sealed class Registry
{
    public Dictionary<string, int> Entries { get; } = [];
}

public sealed class Worker(Registry registry)
{
    private Thread? _thread;

    /// <summary>The thread-pool thread that runs Touch, once it has started: its only wait left is the Registry's lock.</summary>
    public Thread? PoolThread => Volatile.Read(ref _thread);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Touch()
    {
        Volatile.Write(ref _thread, Thread.CurrentThread);
        lock (registry)
        {
            registry.Entries["touched"] = 1;
        }
    }
}

public sealed class Holder(Registry registry, Worker worker)
{
    private Task? _touching;

    /// <summary>The task that the holder waits for, once it has started it: the holder's only wait left is Task.Wait.</summary>
    public Task? Touching => Volatile.Read(ref _touching);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Run()
    {
        lock (registry)
        {
            // The holder is not a thread-pool thread, so Wait cannot run the task inline.
            Task t = Task.Run(worker.Touch);
            Volatile.Write(ref _touching, t);
            t.Wait();
        }
    }
}

/// <summary>A single-threaded SynchronizationContext, like a UI framework's: Post only queues the
/// callback, and the queue runs when its thread calls <see cref="RunPending"/>.</summary>
public sealed class SingleThreadContext : SynchronizationContext
{
    // Lock-free, so that posting to the queue adds no monitor contention.
    private readonly ConcurrentQueue<(SendOrPostCallback Callback, object? State)> _posted = new();

    /// <summary>Callbacks posted and not yet run.</summary>
    public int Pending => _posted.Count;

    public override void Post(SendOrPostCallback d, object? state) => _posted.Enqueue((d, state));

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("This scenario only posts to its context.");

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>The message loop: runs the callbacks posted so far, on the calling thread.</summary>
    public void RunPending()
    {
        while (_posted.TryDequeue(out (SendOrPostCallback Callback, object? State) item))
        {
            item.Callback(item.State);
        }
    }
}

public static class Loader
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task<int> LoadAsync()
    {
        await Task.Delay(10);
        return 42;
    }
}

public sealed class Ui(SingleThreadContext context)
{
    private Task<int>? _loading;

    /// <summary>The LoadAsync task, once LoadAsync has returned it: the ui thread's only wait left is its Result.</summary>
    public Task<int>? Loading => Volatile.Read(ref _loading);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Run()
    {
        SynchronizationContext.SetSynchronizationContext(context);
        Task<int> loading = Loader.LoadAsync();
        Volatile.Write(ref _loading, loading);
        int value = loading.Result;
        context.RunPending();   // the message loop, never reached
        Console.WriteLine($"{Thread.CurrentThread.Name} loaded {value}: no deadlock this time");
    }
}

public static class Program
{
    public static void Main()
    {
        // Sync over async first, so that its timer and thread-pool work are over before the
        // contention baseline below.
        var context = new SingleThreadContext();
        var ui = new Ui(context);
        var uiThread = new Thread(ui.Run) { Name = "ui" };
        uiThread.Start();
        Ready.WaitFor(() => context.Pending == 1, "the delay to end and LoadAsync's continuation to be posted");
        Ready.WaitFor(() => ui.Loading is { } loading && Ready.BlockedWaitersOf(loading) == 1, "ui to block on the result");
        Ready.WaitUntilBlocked(uiThread);

        // Lock ↔ task. Starting threads and queueing tasks add no monitor contention.
        var registry = new Registry();
        var worker = new Worker(registry);
        var holder = new Holder(registry, worker);
        var holderThread = new Thread(holder.Run) { Name = "holder" };
        long baseline = Ready.ContentionBaseline();
        holderThread.Start();
        Ready.WaitFor(() => worker.PoolThread is not null, "the task to start on a pool thread");
        Ready.WaitForContentions(baseline, 1);
        Ready.WaitUntilBlocked(worker.PoolThread!);
        Ready.WaitFor(() => holder.Touching is { } touching && Ready.BlockedWaitersOf(touching) == 1, "holder to block on the task");
        Ready.WaitUntilBlocked(holderThread);
        Ready.Announce();
        Thread.Sleep(Timeout.Infinite);
    }
}
