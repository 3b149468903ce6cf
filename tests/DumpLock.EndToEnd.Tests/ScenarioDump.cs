using System.Text.Json;

namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// One scenario taken end to end, once per test class: start it, wait for READY, <c>dumplock
/// collect</c> its dump, kill it, then <c>dumplock analyze</c> the dump as JSON and as text.
/// The dump lives in a private temporary directory removed afterwards.
/// </summary>
public abstract class ScenarioDump : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dumplock-e2e-").FullName;

    protected ScenarioDump(string scenario)
    {
        using (ScenarioProcess process = ScenarioProcess.StartAndWaitForReady(scenario))
        {
            Pid = process.Pid;
            DumpPath = Path.Combine(_directory, $"core.{process.Pid}");
            Collect = DumpLockCli.Run("collect", process.Pid.ToString(), "-o", DumpPath);
            Assert.True(Collect.ExitCode == 0, $"collect failed: {Collect}");
        }
        Json = DumpLockCli.Run("analyze", DumpPath, "--format", "json");
        Text = DumpLockCli.Run("analyze", DumpPath);
        Report = JsonDocument.Parse(Json.StdOut).RootElement.Clone();
    }

    public int Pid { get; }

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

public sealed class TwoLocksDump() : ScenarioDump("TwoLocks");

public sealed class BankTransferDump() : ScenarioDump("BankTransfer");

public sealed class DiningPhilosophersDump() : ScenarioDump("DiningPhilosophers");

public sealed class ContentionDump() : ScenarioDump("Contention");

public sealed class ConvoyDump() : ScenarioDump("Convoy");

public sealed class LockCycleDump() : ScenarioDump("LockCycle");

public sealed class RwLockMixedDump() : ScenarioDump("RwLockMixed");

public sealed class NoOwnerWaitsDump() : ScenarioDump("NoOwnerWaits");

public sealed class JoinDeadlockDump() : ScenarioDump("JoinDeadlock");

public sealed class TaskDeadlockDump() : ScenarioDump("TaskDeadlock");

public sealed class MixedLockCycleDump() : ScenarioDump("MixedLockCycle");
