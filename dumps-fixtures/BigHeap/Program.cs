// BigHeap: a big live heap and many idle threads with a small deadlock hidden among them, for
// scripts/bench. Usage: BigHeap <heapMB> <threads>.
// The main thread first allocates about <heapMB> MB of live heap in small objects: byte[] of 8 to
// 56 bytes and small Item objects that point at them (44 bytes on average), held in 8 KB object[]
// chunks. That is about 20 M objects per GB, which a whole-heap walk would have to visit. Then it
// starts <threads> idle threads "idle-1".."idle-N" with default stacks. Each one calls itself 16
// frames deep, as a service thread would be, and then waits forever: odd ones on one
// ManualResetEventSlim that is never set, even ones in Thread.Sleep. Last, two threads
// "deadlock-1" and "deadlock-2" take two monitors in opposite order, with a barrier between the
// first and second lock as in TwoLocks, and the main thread joins deadlock-1.
// At READY: deadlock-1 holds A and is blocked waiting for B, deadlock-2 holds B and is blocked
// waiting for A, every idle thread is blocked in its wait, and the main thread is blocked in
// Join(). A "watcher" thread prints READY and then returns, so it is not in the dump. What was
// allocated goes to stderr.
using System.Runtime.CompilerServices;
using Scenarios;

namespace BigHeap;

public sealed class Resource(string name)
{
    public string Name { get; } = name;

    public override string ToString() => Name;
}

/// <summary>A small object that points at another one, so the heap is a graph and not just arrays.</summary>
public sealed class Item(object? next, int id)
{
    public object? Next { get; } = next;

    public int Id { get; } = id;
}

public static class Heap
{
    private const int ChunkLength = 1024;

    /// <summary>Keeps everything allocated alive until the process ends.</summary>
    private static readonly List<object[]> s_chunks = [];

    public static long Objects { get; private set; }

    /// <summary>Allocates chunks of small objects until their sizes add up to <paramref name="bytes"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Allocate(long bytes)
    {
        // Sizes on x64: an object is at least 24 bytes and a multiple of 8. A byte[] of n bytes takes
        // 24 + n (n a multiple of 8 here), an Item 32, an object[] of n references 24 + 8 n.
        long allocated = 0;
        while (allocated < bytes)
        {
            var chunk = new object[ChunkLength];
            allocated += 24 + (8 * ChunkLength);
            for (int i = 0; i < ChunkLength; i += 2)
            {
                int length = 8 * (1 + (i / 2 % 7));
                var payload = new byte[length];
                chunk[i] = payload;
                chunk[i + 1] = new Item(payload, i);
                allocated += 24 + length + 32;
            }
            s_chunks.Add(chunk);
            Objects += ChunkLength + 1;
        }
        return allocated;
    }
}

public static class Idle
{
    private static readonly ManualResetEventSlim s_never = new(false);
    private static int s_started;

    /// <summary>How many idle threads have reached their wait (or are about to: Ready checks their state too).</summary>
    public static int Started => Volatile.Read(ref s_started);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Run(int number) => Descend(number, 16);

    // Not a tail call (the result is used), so that each level stays a frame on the stack.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Descend(int number, int depth) => depth == 0 ? Wait(number) : Descend(number, depth - 1) + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Wait(int number)
    {
        Interlocked.Increment(ref s_started);
        if (number % 2 == 1)
        {
            s_never.Wait();
        }
        else
        {
            Thread.Sleep(Timeout.Infinite);
        }
        return 0;
    }
}

public sealed class Worker(Resource first, Resource second, Barrier bothHoldTheirFirst)
{
    private static int s_tryingSecond;

    /// <summary>How many workers are past the barrier. Such a worker has no wait left except its second lock.</summary>
    public static int TryingSecond => Volatile.Read(ref s_tryingSecond);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Run()
    {
        lock (first)
        {
            bothHoldTheirFirst.SignalAndWait();
            Interlocked.Increment(ref s_tryingSecond);
            LockSecond();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void LockSecond()
    {
        lock (second)
        {
            Console.WriteLine($"{Thread.CurrentThread.Name} got {first} and {second}: no deadlock this time");
        }
    }
}

public static class Program
{
    private static int s_mainJoining;

    public static int Main(string[] args)
    {
        if (args.Length != 2 || !int.TryParse(args[0], out int heapMegabytes) || !int.TryParse(args[1], out int idleThreads)
            || heapMegabytes < 0 || idleThreads < 0)
        {
            Console.Error.WriteLine("usage: BigHeap <heapMB> <threads>   e.g. BigHeap 1024 500");
            return 2;
        }

        long started = Environment.TickCount64;
        long allocated = Heap.Allocate(heapMegabytes * 1024L * 1024L);
        long allocatedAt = Environment.TickCount64;

        // Default stacks (maxStackSize 0): a real service's threads have them, and they are part of the dump.
        Thread[] idle = Enumerable.Range(1, idleThreads)
            .Select(n => new Thread(() => Idle.Run(n), maxStackSize: 0) { Name = $"idle-{n}", IsBackground = true })
            .ToArray();
        foreach (Thread thread in idle)
        {
            thread.Start();
        }

        var a = new Resource("A");
        var b = new Resource("B");
        var bothHoldTheirFirst = new Barrier(2);
        var thread1 = new Thread(new Worker(a, b, bothHoldTheirFirst).Run, maxStackSize: 0) { Name = "deadlock-1" };
        var thread2 = new Thread(new Worker(b, a, bothHoldTheirFirst).Run, maxStackSize: 0) { Name = "deadlock-2" };
        Thread main = Thread.CurrentThread;
        var watcher = new Thread(() => Watch(idle, thread1, thread2, main)) { Name = "watcher" };

        Console.Error.WriteLine($"BigHeap: {allocated / (1024.0 * 1024.0):0} MB live in {Heap.Objects / 1e6:0.0} M objects "
            + $"(allocated in {(allocatedAt - started) / 1000.0:0.0} s; GC heap {GC.GetTotalMemory(false) / (1024.0 * 1024.0):0} MB), "
            + $"{idleThreads} idle threads");
        thread1.Start();
        thread2.Start();
        watcher.Start();
        // Starting a thread can wait inside Thread.Start, so the watcher checks main's
        // WaitSleepJoin only after this flag: from here on, main's only wait is the Join.
        Volatile.Write(ref s_mainJoining, 1);
        thread1.Join();
        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Watch(Thread[] idle, Thread thread1, Thread thread2, Thread main)
    {
        // An idle thread past its counter has no wait left but its last one.
        Ready.WaitFor(() => Idle.Started == idle.Length, "every idle thread to reach its wait");
        Ready.WaitUntilBlocked(idle);
        // The contention count cannot prove this state: the barrier's own monitor can be contended too.
        Ready.WaitFor(() => Worker.TryingSecond == 2, "both deadlock threads to pass the barrier");
        Ready.WaitUntilBlocked(thread1, thread2);
        Ready.WaitFor(() => Volatile.Read(ref s_mainJoining) == 1, "main to reach Join");
        Ready.WaitUntilBlocked(main);
        Ready.Announce();
    }
}
