using System.Text.Json;

namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// One scenario taken end to end: start it on a runtime, wait for READY, <c>dumplock collect</c>
/// its dump, then (for a negative control) release it and see every thread finish, kill it, then
/// <c>dumplock analyze</c> the dump as JSON and as text. The dump lives in a private temporary
/// directory removed afterwards.
/// </summary>
public class ScenarioDump : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dumplock-e2e-").FullName;

    // runtime: "8" … "11" for the self-contained publish, null for the SDK's runtime.
    public ScenarioDump(string scenario, string? runtime = null, ScenarioOptions? options = null)
    {
        options ??= new ScenarioOptions();
        Runtime = runtime;
        HttpLoad? load = null;
        void StartLoad(string line)
        {
            if (options.HttpRequests > 0 && line.StartsWith("LISTENING ", StringComparison.Ordinal))
            {
                load = new HttpLoad(line["LISTENING ".Length..], options.HttpRequests);
            }
        }
        try
        {
            using ScenarioProcess process = ScenarioProcess.StartAndWaitForReady(scenario, runtime, options.Args, StartLoad);
            Pid = process.Pid;
            DumpPath = Path.Combine(_directory, $"core.{process.Pid}");
            Collect = DumpLockCli.Run("collect", process.Pid.ToString(), "-o", DumpPath, "--type", options.DumpType);
            Assert.True(Collect.ExitCode == 0, $"collect failed: {Collect}");
            FinishedAfterRelease = options.Release ? process.ReleaseAndWaitUntilDone(scenario) : null;
        }
        finally
        {
            // After the scenario is gone: its unanswered requests then fail at once.
            load?.Dispose();
        }
        Json = DumpLockCli.Run("analyze", DumpPath, "--format", "json");
        Text = DumpLockCli.Run("analyze", DumpPath);
        Assert.True(Json.StdOut.Length > 0, $"analyze printed no report: {Json}");
        Report = JsonDocument.Parse(Json.StdOut).RootElement.Clone();
    }

    public int Pid { get; }

    public string? Runtime { get; }

    /// <summary>For a negative control: whether every thread finished once released after the dump.</summary>
    public bool? FinishedAfterRelease { get; }

    public string DumpPath { get; }

    public ProcessResult Collect { get; }

    public ProcessResult Json { get; }

    public ProcessResult Text { get; }

    /// <summary>The JSON report's root.</summary>
    public JsonElement Report { get; }

    public IEnumerable<JsonElement> Threads => Report.GetProperty("threads").EnumerateArray();

    public IEnumerable<JsonElement> Locks => Report.GetProperty("locks").EnumerateArray();

    public IEnumerable<JsonElement> Deadlocks => Report.GetProperty("deadlocks").EnumerateArray();

    public JsonElement ThreadNamed(string name) =>
        Threads.Single(t => t.GetProperty("name").GetString() == name);

    public JsonElement ThreadWithId(int osThreadId) =>
        Threads.Single(t => t.GetProperty("osThreadId").GetInt32() == osThreadId);

    public string? NameOf(int osThreadId) => ThreadWithId(osThreadId).GetProperty("name").GetString();

    public JsonElement LockWithId(string id) => Locks.Single(l => l.GetProperty("id").GetString() == id);

    public int TidOf(string name) => ThreadNamed(name).GetProperty("osThreadId").GetInt32();

    /// <summary>The lock the named thread waits for.</summary>
    public JsonElement LockWaitedBy(string name) => LockWithId(ThreadNamed(name).GetProperty("waitingFor").Str("lockId")!);

    /// <summary>The names of a deadlock's threads, sorted.</summary>
    public string?[] NamesIn(JsonElement deadlock) =>
        deadlock.GetProperty("threads").Ints().Select(NameOf).Order().ToArray();

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
        GC.SuppressFinalize(this);
    }
}

/// <summary>How a scenario is run and dumped: its arguments, the dump type, and whether it is a negative control to release.</summary>
/// <remarks><see cref="HttpRequests"/>: concurrent requests sent once a web scenario prints "LISTENING &lt;url&gt;".</remarks>
public sealed record ScenarioOptions(string DumpType = "heap", bool Release = false, string[]? Args = null, int HttpRequests = 0);

/// <summary>
/// One scenario on every runtime it runs on, each dumped on first use and shared by the tests of
/// a class (a theory over <see cref="Runtimes"/>).
/// </summary>
public abstract class ScenarioDumps(string scenario, ScenarioOptions? options = null) : IDisposable
{
    private readonly Dictionary<string, ScenarioDump> _dumps = [];

    public ScenarioDump this[string runtime] =>
        _dumps.TryGetValue(runtime, out ScenarioDump? dump) ? dump : _dumps[runtime] = new ScenarioDump(scenario, runtime, options);

    public void Dispose()
    {
        foreach (ScenarioDump dump in _dumps.Values)
        {
            dump.Dispose();
        }
        GC.SuppressFinalize(this);
    }
}

/// <summary>What a negative control whose cycle runs through a wait with a timeout must show.</summary>
public static class TimedCycleAssert
{
    /// <summary>
    /// The threads finished once released, and the cycle is never a deadlock. On .NET 11, whose wait
    /// subsystem shows the timeout, it is a timed cycle of <paramref name="threads"/> (exit 0) in which
    /// <paramref name="timedWaiter"/> waits with a timeout; up to .NET 10 it stays inconclusive (exit 3).
    /// </summary>
    public static void EndsByItself(ScenarioDump dump, string runtime, string timedWaiter, params string[] threads)
    {
        Assert.True(dump.FinishedAfterRelease, "the timed wait did not time out and let the threads finish");
        Assert.Empty(dump.Deadlocks);
        if (runtime != "11")
        {
            Assert.True(dump.Json.ExitCode == 3, dump.Json.ToString());
            return;
        }
        Assert.True(dump.Json.ExitCode == 0, dump.Json.ToString());
        var cycle = Assert.Single(dump.Report.GetProperty("timedCycles").EnumerateArray());
        Assert.Equal(threads, dump.NamesIn(cycle));
        Assert.True(dump.ThreadNamed(timedWaiter).GetProperty("waitingFor").GetProperty("timed").GetBoolean());
        Assert.Contains("lock-order cycle that can end by itself", dump.Text.StdOut);
    }
}

/// <summary>The runtime major versions every scenario runs on (self-contained, from NuGet runtime packs).</summary>
public static class Runtimes
{
    public static readonly string[] Majors = ["8", "9", "10", "11"];

    public static TheoryData<string> All => [.. Majors];

    /// <summary>System.Threading.Lock is new in .NET 9.</summary>
    public static TheoryData<string> WithLock => [.. Majors.Where(m => m != "8")];

    /// <summary>Up to .NET 10 a Mutex's owner lives in the runtime's native handle table, which no dump holds.</summary>
    public static TheoryData<string> WithoutMutexOwner => [.. Majors.Where(m => m != "11")];
}

/// <summary>TwoLocks on the SDK's runtime, shared with the damaged-dump and golden tests.</summary>
public sealed class TwoLocksDump() : ScenarioDump("TwoLocks");

/// <summary>TwoLocks beside 20 idle threads with one stack (.NET 10): the reports merge them.</summary>
public sealed class TwoLocksAmongIdleDump() : ScenarioDump("TwoLocks", "10", new ScenarioOptions(Args: ["idle", "20"]));

public sealed class TwoLocksDumps() : ScenarioDumps("TwoLocks");

public sealed class TwoLocksMiniDumps() : ScenarioDumps("TwoLocks", new ScenarioOptions(DumpType: "mini"));

public sealed class BankTransferDumps() : ScenarioDumps("BankTransfer");

public sealed class DiningPhilosophersDumps() : ScenarioDumps("DiningPhilosophers");

public sealed class ContentionDumps() : ScenarioDumps("Contention");

public sealed class ConvoyDumps() : ScenarioDumps("Convoy");

public sealed class LockCycleDumps() : ScenarioDumps("LockCycle");

public sealed class RwLockMixedDumps() : ScenarioDumps("RwLockMixed");

public sealed class NoOwnerWaitsDumps() : ScenarioDumps("NoOwnerWaits");

public sealed class JoinDeadlockDumps() : ScenarioDumps("JoinDeadlock");

public sealed class JoinInfiniteTimeoutDumps() : ScenarioDumps("JoinDeadlock", new ScenarioOptions(Args: ["infinite-timeout"]));

public sealed class JoinTimedDumps() : ScenarioDumps("JoinDeadlock", new ScenarioOptions(Args: ["timed"], Release: true));

public sealed class TaskDeadlockDumps() : ScenarioDumps("TaskDeadlock");

public sealed class MixedLockCycleDumps() : ScenarioDumps("MixedLockCycle");

public sealed class MutexCycleDumps() : ScenarioDumps("MutexCycle");

public sealed class MutexCycleTimedDumps() : ScenarioDumps("MutexCycle", new ScenarioOptions(Args: ["timed"], Release: true));

public sealed class MixedLockCycleLeftHeldDumps() : ScenarioDumps("MixedLockCycle", new ScenarioOptions(Args: ["left-held"]));

public sealed class RwNotDeadlockedDumps() : ScenarioDumps("RwNotDeadlocked", new ScenarioOptions(Release: true));

public sealed class TimedCrossingDumps() : ScenarioDumps("TimedCrossing", new ScenarioOptions(Release: true));

public sealed class PoolStarvationDumps() : ScenarioDumps("PoolStarvation");

public sealed class PoolRecoveredDumps() : ScenarioDumps("PoolStarvation", new ScenarioOptions(Args: ["recover"]));

public sealed class WebStarvationDumps() : ScenarioDumps("WebStarvation", new ScenarioOptions(HttpRequests: 20));

public sealed class TypeInitJoinDumps() : ScenarioDumps("TypeInitDeadlock", new ScenarioOptions(Args: ["join"]));

public sealed class TypeInitTaskDumps() : ScenarioDumps("TypeInitDeadlock", new ScenarioOptions(Args: ["task"]));

public sealed class AsyncLockOrderDumps() : ScenarioDumps("AsyncLockOrder");

public sealed class AwaitCycleDumps() : ScenarioDumps("AwaitCycle");

public sealed class AsyncIdleDumps() : ScenarioDumps("AsyncIdle", new ScenarioOptions(Release: true));

public sealed class RwWriterQueueDumps() : ScenarioDumps("RwWriterQueue");

public sealed class AsyncReentrantDumps() : ScenarioDumps("AsyncReentrant");

public sealed class PoolBusyDumps() : ScenarioDumps("PoolBusy", new ScenarioOptions(Release: true));

public sealed class SyncOverAsyncOnPoolDumps() : ScenarioDumps("SyncOverAsyncOnPool", new ScenarioOptions(Release: true));
