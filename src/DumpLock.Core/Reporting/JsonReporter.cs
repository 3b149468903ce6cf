using System.Text.Encodings.Web;
using System.Text.Json;
using DumpLock.Analysis;
using DumpLock.Model;

namespace DumpLock.Reporting;

/// <summary>The JSON report of report-schema.md, schemaVersion 1. Field names are a public contract.</summary>
public sealed class JsonReporter : IReporter
{
    public const int SchemaVersion = 1;

    /// <summary>The "description" and "cause" fields are for people: the text report's words.</summary>
    private static readonly WaitPhrases Words = WaitPhrases.Plain;

    private static readonly JsonWriterOptions s_options = new()
    {
        Indented = true,
        // Method signatures hold '<' and '>' (generics); keep them readable rather than \u003C.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public void Write(Snapshot snapshot, Findings findings, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, s_options))
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", SchemaVersion);
            json.WriteStartObject("tool");
            json.WriteString("name", ToolInfo.Name);
            json.WriteString("version", ToolInfo.Version);
            json.WriteEndObject();
            WriteSource(json, snapshot.Source);
            WriteSummary(json, snapshot, findings);
            WriteArray(json, "threads", snapshot.Threads, t => WriteThread(json, t, snapshot));
            WriteArray(json, "threadGroups", findings.ThreadGroups, g =>
            {
                json.WriteStartObject();
                WriteArray(json, "threads", g.Threads, json.WriteNumberValue);
                json.WriteBoolean("matters", g.Matters);
                json.WriteEndObject();
            });
            WriteArray(json, "locks", snapshot.Locks, l => WriteLock(json, l));
            WriteArray(json, "deadlocks", findings.Deadlocks, d => WriteDeadlock(json, d));
            WriteArray(json, "timedCycles", findings.TimedCycles, d => WriteDeadlock(json, d));
            WriteArray(json, "blockingChains", findings.BlockingChains, c => WriteChain(json, c));
            WriteThreadPool(json, snapshot, findings);
            if (snapshot.AsyncFlowsRead)
            {
                WriteArray(json, "asyncFlows", snapshot.AsyncFlows, f => WriteFlow(json, f, snapshot));
            }
            else
            {
                json.WriteNull("asyncFlows");
            }
            WriteArray(json, "modulesWithoutSymbols", snapshot.ModulesWithoutSymbols, json.WriteStringValue);
            WriteArray(json, "warnings", Words.Warnings(snapshot), json.WriteStringValue);
            json.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteSource(Utf8JsonWriter json, SourceInfo source)
    {
        json.WriteStartObject("source");
        json.WriteString("kind", JsonName(source.Kind));
        WriteStringOrNull(json, "path", source.Path);
        WriteNumberOrNull(json, "pid", source.Pid);
        WriteStringOrNull(json, "runtimeVersion", source.RuntimeVersion);
        json.WriteString("os", source.Os);
        json.WriteString("architecture", source.Architecture);
        WriteStringOrNull(json, "capturedAt", source.CapturedAt?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteEndObject();
    }

    private static void WriteSummary(Utf8JsonWriter json, Snapshot snapshot, Findings findings)
    {
        json.WriteStartObject("summary");
        json.WriteString("verdict", JsonName(findings.Verdict));
        json.WriteNumber("threadCount", snapshot.Threads.Length);
        json.WriteNumber("blockedThreadCount", snapshot.BlockedThreadCount);
        json.WriteNumber("deadlockCount", findings.Deadlocks.Length);
        json.WriteString("cause", Words.Cause(snapshot, findings));
        WriteArray(json, "codeToFix", findings.CodeToFix, site => WriteSite(json, site));
        json.WriteEndObject();
    }

    private static void WriteThread(Utf8JsonWriter json, ThreadInfo thread, Snapshot snapshot)
    {
        json.WriteStartObject();
        json.WriteNumber("osThreadId", thread.OsThreadId);
        WriteNumberOrNull(json, "managedThreadId", thread.ManagedThreadId);
        WriteStringOrNull(json, "name", thread.Name);
        json.WriteString("state", JsonName(thread.State));
        json.WriteBoolean("isBackground", thread.IsBackground);
        json.WriteBoolean("isThreadPool", thread.IsThreadPool);
        json.WritePropertyName("waitingFor");
        WriteWait(json, thread, snapshot);
        WriteArray(json, "holds", snapshot.LocksHeldBy(thread.OsThreadId), json.WriteStringValue);
        WriteArray(json, "frames", thread.Frames, f => WriteFrame(json, f));
        json.WriteEndObject();
    }

    private static void WriteWait(Utf8JsonWriter json, ThreadInfo thread, Snapshot snapshot)
    {
        if (thread.WaitingFor is not { } wait)
        {
            json.WriteNullValue();
            return;
        }
        json.WriteStartObject();
        json.WriteString("kind", JsonName(wait.Kind));
        switch (wait.Kind)
        {
            case WaitKind.Lock:
                WriteStringOrNull(json, "lockId", wait.LockId);
                break;
            case WaitKind.Thread:
                WriteNumberOrNull(json, "osThreadId", wait.OsThreadId);
                break;
            case WaitKind.Task:
                WriteStringOrNull(json, "taskAddress", wait.ObjectAddress is ulong task ? Hex.Format(task) : null);
                WriteNumberOrNull(json, "runnerOsThreadId", wait.OsThreadId);
                break;
            case WaitKind.TypeInitializer:
                WriteStringOrNull(json, "objectType", wait.ObjectType);
                WriteNumberOrNull(json, "osThreadId", wait.OsThreadId);
                break;
            default:
                WriteStringOrNull(json, "objectAddress", wait.ObjectAddress is ulong obj ? Hex.Format(obj) : null);
                WriteStringOrNull(json, "objectType", wait.ObjectType);
                break;
        }
        if (wait.Mode is LockMode mode)
        {
            json.WriteString("mode", JsonName(mode));
        }
        WriteNumberOrNull(json, "timeoutMs", wait.TimeoutMs);
        WriteBooleanOrNull(json, "timed", wait.Timed);
        if (wait.Activity is WaitActivity activity)
        {
            json.WriteString("activity", JsonName(activity));
        }
        if (wait.TaskProgress is TaskProgress progress)
        {
            json.WriteString("taskProgress", JsonName(progress));
            WriteStringOrNull(json, "contextType", wait.ContextType);
        }
        if (wait.Count is int count)
        {
            json.WriteNumber("count", count);
        }
        if (wait.SystemCall is string call)
        {
            json.WriteString("systemCall", call);
        }
        json.WriteString("description", Words.Waiting(thread, snapshot));
        json.WriteEndObject();
    }

    private static void WriteFrame(Utf8JsonWriter json, Frame frame)
    {
        json.WriteStartObject();
        json.WriteString("method", frame.Method);
        WriteStringOrNull(json, "module", frame.Module);
        WriteStringOrNull(json, "file", frame.File);
        WriteNumberOrNull(json, "line", frame.Line);
        if (frame.SourceUrl is string url)
        {
            json.WriteString("sourceUrl", url);
        }
        WriteArray(json, "annotations", frame.Annotations, a => json.WriteStringValue(AnnotationText(a)));
        json.WriteEndObject();
    }

    /// <summary>"waiting to lock L2 (Bank.Account)", naming the lock by id when it is in locks[].</summary>
    private static string AnnotationText(FrameAnnotation annotation)
    {
        string what = annotation.LockId ?? Hex.Format(annotation.Address);
        string type = annotation.ObjectType is null ? "" : $" ({annotation.ObjectType})";
        return annotation.Kind switch
        {
            AnnotationKind.Locked => $"locked {what}{type}",
            AnnotationKind.WaitingToLock => $"waiting to lock {what}{type}",
            _ => $"waiting on {what}{type}",
        };
    }

    private static void WriteLock(Utf8JsonWriter json, LockInfo lockInfo)
    {
        json.WriteStartObject();
        json.WriteString("id", lockInfo.Id);
        json.WriteString("kind", lockInfo.Kind.ToString());
        json.WriteString("address", Hex.Format(lockInfo.Address));
        WriteStringOrNull(json, "objectType", lockInfo.ObjectType);
        WriteArray(json, "owners", lockInfo.Owners, owner => WriteNode(json, owner));
        if (!lockInfo.OwnerModes.IsEmpty)
        {
            json.WriteStartObject("ownerModes");
            foreach (var (owner, mode) in lockInfo.OwnerModes)
            {
                json.WriteString(owner.ToString(System.Globalization.CultureInfo.InvariantCulture), JsonName(mode));
            }
            json.WriteEndObject();
        }
        WriteNumberOrNull(json, "recursion", lockInfo.Recursion);
        WriteArray(json, "waiters", lockInfo.Waiters, waiter => WriteNode(json, waiter));
        json.WriteEndObject();
    }

    private static void WriteDeadlock(Utf8JsonWriter json, Deadlock deadlock)
    {
        json.WriteStartObject();
        WriteArray(json, "threads", deadlock.Threads.Where(n => !FlowNode.IsFlow(n)), json.WriteNumberValue);
        WriteArray(json, "edges", deadlock.Edges, edge => WriteEdge(json, edge));
        WriteArray(json, "blockedBehind", deadlock.BlockedBehind, json.WriteNumberValue);
        WriteArray(json, "asyncFlows", deadlock.Threads.Where(FlowNode.IsFlow).Select(FlowNode.IdOf), json.WriteStringValue);
        json.WriteEndObject();
    }

    private static void WriteEdge(Utf8JsonWriter json, WaitEdge edge)
    {
        json.WriteStartObject();
        json.WritePropertyName("from");
        WriteNode(json, edge.From);
        json.WriteString("waitsFor", edge.WaitsFor);
        json.WritePropertyName("heldBy");
        WriteNode(json, edge.HeldBy);
        WriteBooleanOrNull(json, "timed", edge.Timed);
        json.WriteEndObject();
    }

    private static void WriteThreadPool(Utf8JsonWriter json, Snapshot snapshot, Findings findings)
    {
        if (snapshot.ThreadPool is not { } pool)
        {
            json.WriteNull("threadPool");
            return;
        }
        json.WriteStartObject("threadPool");
        WriteNumberOrNull(json, "minThreads", pool.MinThreads);
        WriteNumberOrNull(json, "maxThreads", pool.MaxThreads);
        json.WriteNumber("threadCount", pool.Workers.Length);
        json.WriteNumber("blockedThreadCount", StarvationCheck.BlockedWorkers(snapshot, pool));
        json.WriteNumber("idleThreadCount", pool.IdleWorkers.Length);
        WriteNumberOrNull(json, "queuedWorkItems", pool.QueuedWorkItems);
        json.WriteBoolean("starved", findings.Starvation is not null);
        WriteArray(json, "blockingSites", findings.Starvation?.Sites ?? [], site => WriteSite(json, site));
        json.WriteEndObject();
    }

    private static void WriteSite(Utf8JsonWriter json, BlockingSite site)
    {
        json.WriteStartObject();
        WriteStringOrNull(json, "method", site.Frame?.Method);
        WriteStringOrNull(json, "file", site.Frame?.File);
        WriteNumberOrNull(json, "line", site.Frame?.Line);
        WriteArray(json, "threads", site.Threads, n => WriteNode(json, n));
        json.WriteEndObject();
    }

    /// <summary>A node of the graph: an OS thread id as a number, an async flow as its id ("A1").</summary>
    private static void WriteNode(Utf8JsonWriter json, int node)
    {
        if (FlowNode.IsFlow(node))
        {
            json.WriteStringValue(FlowNode.IdOf(node));
        }
        else
        {
            json.WriteNumberValue(node);
        }
    }

    private static void WriteFlow(Utf8JsonWriter json, AsyncFlow flow, Snapshot snapshot)
    {
        json.WriteStartObject();
        json.WriteString("id", flow.Id);
        json.WriteNumber("count", flow.Count);
        WriteArray(json, "frames", flow.Frames, f =>
        {
            json.WriteStartObject();
            json.WriteString("method", f.Method);
            WriteStringOrNull(json, "file", f.File);
            WriteNumberOrNull(json, "line", f.Line);
            json.WriteEndObject();
        });
        FlowAwait awaiting = flow.Awaiting;
        json.WriteStartObject("awaiting");
        json.WriteString("kind", JsonName(awaiting.Kind));
        WriteStringOrNull(json, "objectAddress", awaiting.ObjectAddress is ulong address ? Hex.Format(address) : null);
        WriteStringOrNull(json, "objectType", awaiting.ObjectType);
        if (awaiting.Kind == FlowAwaitKind.AsyncFlow)
        {
            WriteStringOrNull(json, "id", awaiting.FlowId);
        }
        if (awaiting.Kind == FlowAwaitKind.Semaphore)
        {
            WriteStringOrNull(json, "lockId", awaiting.LockId);
            WriteNumberOrNull(json, "count", awaiting.Count);
        }
        json.WriteString("description", Words.Awaiting(flow, snapshot));
        json.WriteEndObject();
        WriteArray(json, "holds", flow.Holds, json.WriteStringValue);
        json.WriteEndObject();
    }

    private static void WriteChain(Utf8JsonWriter json, BlockingChain chain)
    {
        json.WriteStartObject();
        json.WriteNumber("rootThread", chain.RootThread);
        json.WriteString("rootState", JsonName(chain.RootState));
        WriteArray(json, "blockedThreads", chain.BlockedThreads, json.WriteNumberValue);
        WriteArray(json, "edges", chain.Edges, edge => WriteEdge(json, edge));
        json.WriteEndObject();
    }

    private static void WriteArray<T>(Utf8JsonWriter json, string name, IEnumerable<T> items, Action<T> writeItem)
    {
        json.WriteStartArray(name);
        foreach (T item in items)
        {
            writeItem(item);
        }
        json.WriteEndArray();
    }

    private static void WriteStringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteBooleanOrNull(Utf8JsonWriter json, string name, bool? value)
    {
        if (value is bool flag)
        {
            json.WriteBoolean(name, flag);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, int? value)
    {
        if (value is int number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>Enum members are named as the JSON strings, in camelCase.</summary>
    private static string JsonName<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
