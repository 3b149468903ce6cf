// JoinDeadlock: a thread joins another thread while holding a lock that the other one needs.
// Thread "joiner" locks the Journal, starts thread "worker" and joins it, still inside the lock.
// The worker's first step is to lock the Journal.
// At READY: joiner holds the Journal once and is blocked in worker.Join(); worker is blocked in
// Monitor.Enter on the Journal. This is a cycle of two: joiner → thread worker (Join) → worker →
// Journal (Monitor) → joiner. The main thread sleeps.
using System.Runtime.CompilerServices;
using Scenarios;

namespace JoinDeadlock;

public sealed class Journal
{
    public List<string> Entries { get; } = [];
}

public sealed class Joiner(Journal journal)
{
    private Thread? _worker;
    private int _joining;
    private int _writing;

    /// <summary>The worker thread, once the joiner has created it.</summary>
    public Thread? WorkerThread => Volatile.Read(ref _worker);

    /// <summary>Whether the joiner has started the worker: its only wait left is the Join.</summary>
    public bool IsJoining => Volatile.Read(ref _joining) == 1;

    /// <summary>Whether the worker has started its own code: its only wait left is the Journal's lock.</summary>
    public bool IsWriting => Volatile.Read(ref _writing) == 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Run()
    {
        lock (journal)
        {
            journal.Entries.Add("joiner: starting the worker");
            var worker = new Thread(Write) { Name = "worker" };
            Volatile.Write(ref _worker, worker);
            worker.Start();
            // Thread.Start can wait until the new thread runs, so the flag comes after it.
            Volatile.Write(ref _joining, 1);
            worker.Join();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Write()
    {
        Volatile.Write(ref _writing, 1);
        lock (journal)
        {
            journal.Entries.Add("worker: done");
        }
    }
}

public static class Program
{
    public static void Main()
    {
        var joiner = new Joiner(new Journal());
        var joinerThread = new Thread(joiner.Run) { Name = "joiner" };
        // Starting threads adds no lock contention (only a thread that exits while its starter is
        // still inside Thread.Start does), so from here the only contention can be the worker's.
        long baseline = Ready.ContentionBaseline();
        joinerThread.Start();

        Ready.WaitFor(() => joiner.IsJoining && joiner.IsWriting, "the joiner to start the worker");
        Ready.WaitForContentions(baseline, 1);
        Ready.WaitUntilBlocked(joinerThread, joiner.WorkerThread!);
        Ready.Announce();
        Thread.Sleep(Timeout.Infinite);
    }
}
