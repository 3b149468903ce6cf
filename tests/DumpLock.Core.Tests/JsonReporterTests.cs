using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using DumpLock.Analysis;
using DumpLock.Model;
using DumpLock.Reporting;

namespace DumpLock.Core.Tests;

/// <summary>The JSON contract of report-schema.md, schemaVersion 1, read back with JsonDocument.</summary>
public sealed partial class JsonReporterTests
{
    // Keeps '<' and '>' readable in compact forms, as the reporter does.
    private static readonly JsonSerializerOptions s_compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The bank deadlock (100 joins 101; 101 ⇄ 102), plus an auditor sleeping on L4 with teller-3
    /// behind it, a consumer in Monitor.Wait on L3 and a native thread that runs.
    /// </summary>
    private static readonly Snapshot s_bank = BankScenario.TwoTellersDeadlock()
        .Lock("L3", objectType: "Bank.Queue")
        .Lock("L4", objectType: "Bank.Ledger")
        .Thread(104, "auditor", managedThreadId: 6).Holds("L4").Sleeps()
            .Frame("System.Threading.Thread.Sleep(Int32)", BankScenario.CoreLib)
            .Frame("Bank.Auditor.Run()", "Bank.dll", "/src/Bank/Auditor.cs", 30).Annotate(AnnotationKind.Locked, "L4")
        .Thread(105, "consumer", managedThreadId: 7).WaitsForPulse("L3")
        .Thread(106, "teller-3", managedThreadId: 8).WaitsForLock("L4")
        .Thread(107).Running()
        .Warning("No PDB for Bank.Plugins.dll; its frames have no file:line.")
        .Build();

    [Fact]
    public void TopLevelHasEveryKeyOfTheContractInOrder()
    {
        // Given / When
        JsonElement report = Report(s_bank);

        // Then
        Assert.Equal(
            new[] { "schemaVersion", "tool", "source", "summary", "threads", "threadGroups", "locks", "deadlocks", "timedCycles", "blockingChains", "threadPool", "asyncFlows", "modulesWithoutSymbols", "warnings" },
            report.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, report.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("dumplock", report.GetProperty("tool").GetProperty("name").GetString());
        Assert.Equal(ToolInfo.Version, report.GetProperty("tool").GetProperty("version").GetString());
        Assert.Equal(new[] { "No PDB for Bank.Plugins.dll; its frames have no file:line." },
            report.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
    }

    [Fact]
    public void EveryKeyIsCamelCase()
    {
        // Given / When
        JsonElement report = Report(s_bank);

        // Then
        string[] keys = KeysOf(report).Distinct().ToArray();
        Assert.All(keys, key => Assert.Matches(CamelCase(), key));
        Assert.Contains("osThreadId", keys);
        Assert.Contains("blockedThreadCount", keys);
    }

    [Fact]
    public void SourceAndSummaryCarryTheSnapshotAndTheFindings()
    {
        // Given / When
        JsonElement report = Report(s_bank);

        // Then
        Assert.Equal(
            """{"kind":"dump","path":"core.1234","pid":1234,"runtimeVersion":"10.0.12","os":"linux","architecture":"x64","capturedAt":null}""",
            Compact(report.GetProperty("source")));
        JsonElement summary = report.GetProperty("summary");
        Assert.Equal(
            """{"verdict":"deadlock","threadCount":7,"blockedThreadCount":4,"deadlockCount":1}""",
            Compact(summary, without: ["cause", "codeToFix"]));
        Assert.Equal(
            "2 threads wait for each other: \"teller-1\" (tid 101) is waiting to lock <0x7f8f75809200> (a Bank.Account), " +
            "which is held by \"teller-2\" (tid 102); \"teller-2\" (tid 102) is waiting to lock <0x7f8f75809100> (a Bank.Account), " +
            "which is held by \"teller-1\" (tid 101). 1 more thread is blocked behind it.",
            summary.GetProperty("cause").GetString());
        // Both tellers wait in Transfer at line 42: one place to fix, naming both.
        Assert.Equal(
            """[{"method":"Bank.Teller.Transfer(Bank.Account, Bank.Account, Int32)","file":"/src/Bank/Teller.cs","line":42,"threads":[101,102]}]""",
            Compact(summary.GetProperty("codeToFix")));
    }

    [Fact]
    public void UnknownSourceValuesAreNull()
    {
        // Given: a live process whose runtime version could not be read.
        Snapshot snapshot = new SnapshotBuilder()
            .Source(new SourceInfo(SourceKind.Process, Path: null, Pid: 4242, RuntimeVersion: null, "linux", "arm64"))
            .Build();

        // When
        JsonElement report = Report(snapshot);

        // Then
        Assert.Equal(
            """{"kind":"process","path":null,"pid":4242,"runtimeVersion":null,"os":"linux","architecture":"arm64","capturedAt":null}""",
            Compact(report.GetProperty("source")));
        Assert.Equal("""{"verdict":"ok","threadCount":0,"blockedThreadCount":0,"deadlockCount":0,"cause":"No thread waits for a lock, thread or task.","codeToFix":[]}""",
            Compact(report.GetProperty("summary")));
    }

    [Fact]
    public void ThreadsSayStateWhatTheyWaitForAndWhatTheyHold()
    {
        // Given / When
        JsonElement report = Report(s_bank);

        // Then
        Assert.Equal(
            """{"osThreadId":101,"managedThreadId":4,"name":"teller-1","state":"blocked","isBackground":false,"isThreadPool":false,"waitingFor":{"kind":"lock","lockId":"L2","timeoutMs":null,"timed":false,"description":"waiting to lock <0x7f8f75809200> (a Bank.Account)"},"holds":["L1"]}""",
            Compact(Thread(report, 101), without: "frames"));
        Assert.Equal(
            """{"osThreadId":104,"managedThreadId":6,"name":"auditor","state":"waiting","isBackground":false,"isThreadPool":false,"waitingFor":{"kind":"other","objectAddress":null,"objectType":null,"timeoutMs":null,"timed":true,"activity":"sleeping","description":"sleeping (Thread.Sleep)"},"holds":["L4"]}""",
            Compact(Thread(report, 104), without: "frames"));
        Assert.Equal(
            """{"osThreadId":107,"managedThreadId":null,"name":null,"state":"running","isBackground":false,"isThreadPool":false,"waitingFor":null,"holds":[]}""",
            Compact(Thread(report, 107), without: "frames"));
    }

    [Fact]
    public void WaitingForHasTheShapeOfItsKind()
    {
        // Given / When
        JsonElement report = Report(s_bank);

        // Then
        Assert.Equal("""{"kind":"lock","lockId":"L1","timeoutMs":null,"timed":false,"description":"waiting to lock <0x7f8f75809100> (a Bank.Account)"}""",
            Compact(Thread(report, 102).GetProperty("waitingFor")));
        Assert.Equal("""{"kind":"thread","osThreadId":101,"timeoutMs":null,"timed":false,"description":"waiting for \"teller-1\" (tid 101) to finish"}""",
            Compact(Thread(report, 100).GetProperty("waitingFor")));
        Assert.Equal(
            """{"kind":"other","objectAddress":"0x7f8f75809300","objectType":"Bank.Queue","timeoutMs":null,"timed":null,"activity":"awaitingPulse","description":"waiting on <0x7f8f75809300> (a Bank.Queue) for Monitor.Pulse"}""",
            Compact(Thread(report, 105).GetProperty("waitingFor")));
    }

    [Fact]
    public void CaptureTimeIsAnIsoUtcString()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder()
            .Source(new SourceInfo(SourceKind.Dump, "core.1", 1, "10.0.12", "linux", "x64", new DateTimeOffset(2026, 11, 21, 3, 4, 5, TimeSpan.FromHours(2))))
            .Thread(101).Running()
            .Build();

        // When
        JsonElement report = Report(snapshot);

        // Then
        Assert.Equal("2026-11-21T01:04:05Z", report.GetProperty("source").GetProperty("capturedAt").GetString());
    }

    [Fact]
    public void TaskWaitGivesTheTaskAddressAsHex()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(101).WaitsFor(new Wait(WaitKind.Task, ObjectAddress: 0x7F8F7580ABC0))
            .Build();

        // When
        JsonElement report = Report(snapshot);

        // Then
        Assert.Equal("""{"kind":"task","taskAddress":"0x7f8f7580abc0","runnerOsThreadId":null,"timeoutMs":null,"timed":null,"description":"waiting for task <0x7f8f7580abc0> (not running on any thread)"}""",
            Compact(Thread(report, 101).GetProperty("waitingFor")));
        Assert.Equal("waiting", Thread(report, 101).GetProperty("state").GetString());
    }

    [Fact]
    public void FramesHaveNullFileAndLineWithoutSymbolsAndNameTheirLocksById()
    {
        // Given / When
        JsonElement frames = Thread(Report(s_bank), 101).GetProperty("frames");

        // Then
        Assert.Equal(5, frames.GetArrayLength());
        Assert.Equal(
            """{"method":"System.Threading.Monitor.Enter(System.Object, Boolean ByRef)","module":"System.Private.CoreLib.dll","file":null,"line":null,"annotations":["waiting to lock L2 (Bank.Account)"]}""",
            Compact(frames[1]));
        Assert.Equal(
            """{"method":"Bank.Teller.Transfer(Bank.Account, Bank.Account, Int32)","module":"Bank.dll","file":"/src/Bank/Teller.cs","line":42,"annotations":["locked L1 (Bank.Account)"]}""",
            Compact(frames[2]));
    }

    [Fact]
    public void LocksHaveKindHexAddressOwnersRecursionAndWaiters()
    {
        // Given / When
        JsonElement locks = Report(s_bank).GetProperty("locks");

        // Then
        Assert.Equal(new[] { "L1", "L2", "L3", "L4" }, locks.EnumerateArray().Select(l => l.GetProperty("id").GetString()));
        Assert.Equal(
            """{"id":"L1","kind":"Monitor","address":"0x7f8f75809100","objectType":"Bank.Account","owners":[101],"recursion":1,"waiters":[102]}""",
            Compact(locks[0]));
        Assert.Equal(
            """{"id":"L3","kind":"Monitor","address":"0x7f8f75809300","objectType":"Bank.Queue","owners":[],"recursion":null,"waiters":[]}""",
            Compact(locks[2]));
    }

    [Fact]
    public void EveryAddressIsALowercaseHexString()
    {
        // Given / When
        JsonElement report = Report(s_bank);

        // Then
        JsonElement[] addresses = ValuesOf(report, "address", "objectAddress", "taskAddress")
            .Where(v => v.ValueKind != JsonValueKind.Null).ToArray();
        Assert.Equal(5, addresses.Length);   // four locks and the consumer's pulse wait
        Assert.All(addresses, a => Assert.Matches(LowercaseHex(), a.GetString()!));
    }

    [Fact]
    public void DeadlocksAndBlockingChainsListThreadsAndEdges()
    {
        // Given / When
        JsonElement report = Report(s_bank);

        // Then
        JsonElement deadlock = Assert.Single(report.GetProperty("deadlocks").EnumerateArray());
        Assert.Equal(
            """{"threads":[101,102],"edges":[{"from":101,"waitsFor":"L2","heldBy":102,"timed":false},{"from":102,"waitsFor":"L1","heldBy":101,"timed":false}],"blockedBehind":[100],"asyncFlows":[]}""",
            Compact(deadlock));
        JsonElement chain = Assert.Single(report.GetProperty("blockingChains").EnumerateArray());
        Assert.Equal(
            """{"rootThread":104,"rootState":"waiting","blockedThreads":[106],"edges":[{"from":106,"waitsFor":"L4","heldBy":104,"timed":false}]}""",
            Compact(chain));
    }

    [Fact]
    public void JoinEdgeSaysWhichThreadItWaitsFor()
    {
        // Given
        Snapshot snapshot = new SnapshotBuilder()
            .Thread(101, "main").Holds("L1").Joins(102)
            .Thread(102, "worker").WaitsForLock("L1")
            .Build();

        // When
        JsonElement deadlock = Report(snapshot).GetProperty("deadlocks")[0];

        // Then
        Assert.Equal("""[{"from":101,"waitsFor":"thread:102","heldBy":102,"timed":false},{"from":102,"waitsFor":"L1","heldBy":101,"timed":false}]""",
            Compact(deadlock.GetProperty("edges")));
    }

    [Fact]
    public void ReportIsOneJsonDocumentAndOneLineEnd()
    {
        // Given
        var output = new StringWriter { NewLine = "\n" };

        // When
        new JsonReporter().Write(s_bank, WaitForGraph.Analyze(s_bank), output);

        // Then
        string text = output.ToString();
        Assert.StartsWith("{", text);
        Assert.EndsWith("}\n", text);
        using JsonDocument document = JsonDocument.Parse(text);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
    }

    private static JsonElement Report(Snapshot snapshot)
    {
        var output = new StringWriter();
        new JsonReporter().Write(snapshot, WaitForGraph.Analyze(snapshot), output);
        using JsonDocument document = JsonDocument.Parse(output.ToString());
        return document.RootElement.Clone();
    }

    private static JsonElement Thread(JsonElement report, int osThreadId) =>
        report.GetProperty("threads").EnumerateArray().Single(t => t.GetProperty("osThreadId").GetInt32() == osThreadId);

    /// <summary>The element on one line, so that a failed assertion shows the whole of it.</summary>
    private static string Compact(JsonElement element, params string[] without)
    {
        if (without.Length == 0)
        {
            return JsonSerializer.Serialize(element, s_compact);
        }
        var properties = element.EnumerateObject().Where(p => !without.Contains(p.Name)).ToDictionary(p => p.Name, p => p.Value);
        return JsonSerializer.Serialize(properties, s_compact);
    }

    private static IEnumerable<string> KeysOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => KeysOf(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(KeysOf),
        _ => [],
    };

    private static IEnumerable<JsonElement> ValuesOf(JsonElement element, params string[] names) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p =>
            names.Contains(p.Name) ? [p.Value] : ValuesOf(p.Value, names)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(e => ValuesOf(e, names)),
        _ => [],
    };

    [GeneratedRegex("^[a-z][a-zA-Z0-9]*$")]
    private static partial Regex CamelCase();

    [GeneratedRegex("^0x[0-9a-f]+$")]
    private static partial Regex LowercaseHex();
}
