// TypeInitDeadlock: a static constructor waits for work that needs its own class.
// Argument "join": thread "initializer" touches Catalog; Catalog's static constructor starts thread
// "loader", which reads Catalog.Count, and joins it. loader waits for the constructor to finish;
// the constructor waits for loader.
// Argument "task": thread "initializer" touches Settings; Settings' static constructor runs
// Task.Run(() => Settings.Count) and waits for the task. The pool thread running it waits for the
// constructor; the constructor waits for the task.
// At READY: initializer is inside the static constructor, blocked in Join (or Task.Wait); loader
// (or a pool thread) is blocked in the runtime's class-initialisation wait. A cycle of two.
// A thread waiting for a class's initialisation is not in WaitSleepJoin: the scenario knows it is
// blocked when the kernel shows it asleep (/proc/self/task/<tid>/stat state S) with no context
// switch between two looks, after it said it was about to touch the class.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Scenarios;

namespace TypeInitDeadlock;

public static class Toucher
{
    private static int s_tid;

    /// <summary>The OS thread id of the thread about to touch the class, once it is.</summary>
    public static int Tid => Volatile.Read(ref s_tid);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetTid();

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void AboutToTouch() => Volatile.Write(ref s_tid, GetTid());
}

public static class Catalog
{
    public static readonly int Count;

    static Catalog()
    {
        var loader = new Thread(Readers.ReadCatalog) { Name = "loader", IsBackground = true };
        loader.Start();
        loader.Join();
        Count = 1;
    }
}

public static class Settings
{
    public static readonly int Count;

    static Settings()
    {
        Task.Run(Readers.ReadSettings).Wait();
        Count = 1;
    }
}

/// <summary>
/// Outside the classes under construction: calling one of their own static methods would already
/// wait for their initialisation, before the thread could say it is about to.
/// </summary>
public static class Readers
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ReadCatalog()
    {
        Toucher.AboutToTouch();
        Console.WriteLine($"loader read {Catalog.Count}: no deadlock this time");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ReadSettings()
    {
        Toucher.AboutToTouch();
        Console.WriteLine($"pool thread read {Settings.Count}: no deadlock this time");
    }
}

public static class Program
{
    public static void Main(string[] args)
    {
        Action touch = args is ["task"] ? () => Console.WriteLine(Settings.Count) : () => Console.WriteLine(Catalog.Count);
        var initializer = new Thread(() => touch()) { Name = "initializer", IsBackground = true };
        initializer.Start();
        Ready.WaitFor(() => Toucher.Tid != 0, "a thread to touch the class under construction");
        Ready.WaitUntilBlocked(initializer);
        Ready.WaitFor(() => IsAsleepAndStill(Toucher.Tid), "that thread to block in the class initialisation");
        Ready.Announce();
        Thread.Sleep(Timeout.Infinite);
    }

    private static bool IsAsleepAndStill(int tid)
    {
        (char State, long Switches) first = Sample(tid);
        Thread.Sleep(20);
        (char State, long Switches) second = Sample(tid);
        return first.State == 'S' && second.State == 'S' && first.Switches == second.Switches;
    }

    private static (char State, long Switches) Sample(int tid)
    {
        string stat = File.ReadAllText($"/proc/self/task/{tid}/stat");
        char state = stat[stat.LastIndexOf(')') + 2];
        string line = File.ReadLines($"/proc/self/task/{tid}/status").First(l => l.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal));
        return (state, long.Parse(line.Split(':')[1].Trim()));
    }
}
