// JoinDeadlock: a thread joins another thread while holding a lock that the other one needs.
// Thread "joiner" locks the Journal, starts thread "worker" and joins it, still inside the lock.
// The worker's first step is to lock the Journal.
// At READY: joiner holds the Journal once and is blocked in worker.Join(); worker is blocked in
// Monitor.Enter on the Journal. This is a cycle of two: joiner → thread worker (Join) → worker →
// Journal (Monitor) → joiner. The main thread sleeps.
//
// "JoinDeadlock infinite-timeout": the joiner calls worker.Join(Timeout.Infinite), the overload with
// a timeout, given none: the same deadlock, though no frame says so.
// "JoinDeadlock timed" (negative control): the joiner calls worker.Join(20 s), so the cycle ends by
// itself. On "release" (after the dump) nothing is released: the Join times out, the joiner leaves
// the Journal, the worker takes it, both finish, and the program prints DONE.
using System.Runtime.CompilerServices;
using Scenarios;

namespace JoinDeadlock;

public sealed class Journal
{
    public List<string> Entries { get; } = [];
}

/// <param name="timeoutMs">What the joiner passes to Join(Int32); null: it calls Join().</param>
public sealed class Joiner(Journal journal, int? timeoutMs)
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
            if (timeoutMs is int timeout)
            {
                worker.Join(timeout);
            }
            else
            {
                worker.Join();
            }
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
    // Long enough for the dump to be taken while both wait, short enough for the test to see them go on.
    private const int TimeoutMs = 20_000;

    public static void Main(string[] args)
    {
        int? timeout = args switch
        {
            ["infinite-timeout"] => Timeout.Infinite,
            ["timed"] => TimeoutMs,
            _ => null,
        };
        var joiner = new Joiner(new Journal(), timeout);
        var joinerThread = new Thread(joiner.Run) { Name = "joiner" };
        // Starting threads adds no lock contention (only a thread that exits while its starter is
        // still inside Thread.Start does), so from here the only contention can be the worker's.
        long baseline = Ready.ContentionBaseline();
        joinerThread.Start();

        Ready.WaitFor(() => joiner.IsJoining && joiner.IsWriting, "the joiner to start the worker");
        Ready.WaitForContentions(baseline, 1);
        Ready.WaitUntilBlocked(joinerThread, joiner.WorkerThread!);
        Ready.Announce();
        if (timeout != TimeoutMs)
        {
            Thread.Sleep(Timeout.Infinite);
        }
        Ready.WaitForRelease();
        Ready.DoneWhenFinished(joinerThread, joiner.WorkerThread!);
    }
}
