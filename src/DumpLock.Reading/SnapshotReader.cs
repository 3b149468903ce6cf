using System.Collections.Immutable;
using System.Runtime.InteropServices;
using DumpLock.Model;
using DumpLock.Analysis;
using DumpLock.Reading.Async;
using DumpLock.Reading.Inspectors;
using DumpLock.Reading.Runtime;
using DumpLock.Reading.ThreadPool;
using DumpLock.Reading.SourceLines;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading;

/// <summary>
/// Turns a dump into a <see cref="Snapshot"/>. The only code that holds ClrMD objects; none of
/// them outlives <see cref="Read"/>. Reads threads, stacks, the sync-block table and the few objects
/// the stacks point at — never the whole heap.
/// </summary>
public static class SnapshotReader
{
    // Runtime Thread::ThreadState bits (threads.h); ClrThreadState names only some of them.
    private const int BackgroundBit = 0x200;
    private const int ThreadPoolWorkerBit = 0x1000000;

    private static readonly IInspector[] s_inspectors =
    [
        new MonitorInspector(),
        new LockInspector(),
        new ReaderWriterLockSlimInspector(),
        new SemaphoreSlimInspector(),
        new WaitHandleInspector(),
        new TaskWaitInspector(),
        .. EventInspector.All,
        new MonitorWaitInspector(),
        new ThreadJoinInspector(),
        new SleepInspector(),
        new IdleWorkerInspector(),
        new TypeInitializerInspector(),
        new SystemCallInspector(),
        new FinalizerInspector(),
    ];

    public static Snapshot Read(string dumpPath, ReadOptions? options = null)
    {
        using DumpFile file = DumpFile.Open(dumpPath);
        try
        {
            using DataTarget target = DumpLoader.Open(file, dumpPath);
            Snapshot snapshot = Read(target, dumpPath, options ?? new ReadOptions(), (SourceKind.Dump, dumpPath, target.DataReader.ProcessId));
            file.ThrowIfDamaged(dumpPath);
            return snapshot;
        }
        catch (Exception) when (file.Content.Damage is not null)
        {
            // Whatever a damaged frame broke on its way up, the damage is what to report.
            file.ThrowIfDamaged(dumpPath);
            throw;
        }
    }

    /// <summary>A live process: attached and suspended while it is read, resumed when done.</summary>
    public static Snapshot ReadProcess(int pid, ReadOptions? options = null)
    {
        using DataTarget target = DumpLoader.Attach(pid);
        return Read(target, $"process {pid}", options ?? new ReadOptions(), (SourceKind.Process, null, pid));
    }

    private static Snapshot Read(DataTarget target, string shownAs, ReadOptions options, (SourceKind Kind, string? Path, int Pid) source)
    {
        string? dacPath = options.Dac;
        using ClrRuntime runtime = DumpLoader.CreateRuntime(target, shownAs, dacPath, live: source.Kind == SourceKind.Process);
        var warnings = ImmutableArray.CreateBuilder<string>();
        var limitations = ImmutableArray.CreateBuilder<Limitation>();
        if (!HeapCheck.IsHeapInDump(target, runtime))
        {
            limitations.Add(new Limitation(LimitationKind.NoHeap, "mini or triage dump"));
        }
        string? version = RuntimeVersionReader.Read(target, runtime.ClrInfo);
        RuntimeProfile profile = ProfileFor(version, limitations);

        List<ThreadView> threadViews = runtime.Threads.Where(t => t.IsAlive).Select(t => new ThreadView(t)).ToList();
        var view = new RuntimeView(runtime, profile, new ThreadDirectory(runtime), threadViews);
        var blockingInfo = new ThreadBlockingInfo(runtime, profile);
        List<ThreadReading> readings = threadViews.Select(t => Inspect(t, view, limitations)).ToList();
        readings = readings.Select(r => r with
        {
            Wait = BlockingInfoCheck.Apply(r.Wait, blockingInfo.Of(r.View.Thread), view, r.OsThreadId, warnings),
        }).ToList();
        using var lines = new SourceLineResolver(options.SymbolDirectory);
        var info = new SourceInfo(source.Kind, source.Path, source.Pid > 0 ? source.Pid : null,
            version,
            target.DataReader.TargetPlatform.ToString().ToLowerInvariant(),
            target.DataReader.Architecture.ToString().ToLowerInvariant(),
            source.Path is null ? DateTimeOffset.UtcNow : new DateTimeOffset(File.GetLastWriteTimeUtc(source.Path)));
        Snapshot snapshot = Compose(info, readings, [], lines, warnings.ToImmutable()) with
        {
            Limitations = [.. limitations.DistinctBy(l => (l.Kind, l.Detail))],
            ThreadPool = ReadThreadPool(view, limitations),
        };
        return NeedsAsyncFlows(snapshot, options) ? WithAsyncFlows(snapshot, view, readings, lines, options) : snapshot;
    }

    /// <summary>
    /// Async flows are found by a heap walk, so only when they can matter: nothing else explains the
    /// hang (no deadlock, no starvation), or the user asked (--deep). Without a heap there is nothing to walk.
    /// </summary>
    private static bool NeedsAsyncFlows(Snapshot snapshot, ReadOptions options) =>
        options.WalkHeap && !snapshot.Limitations.Any(l => l.Kind == LimitationKind.NoHeap)
        && (options.Deep || WaitForGraph.Analyze(snapshot).Verdict is not (Verdict.Deadlock or Verdict.Starvation));

    private static Snapshot WithAsyncFlows(Snapshot snapshot, RuntimeView view, List<ThreadReading> readings, SourceLineResolver lines, ReadOptions options)
    {
        List<FlowReading> flows;
        try
        {
            flows = AsyncFlowReader.Read(view, lines, options.Progress);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return snapshot with
            {
                Limitations = snapshot.Limitations.Add(new Limitation(LimitationKind.ReaderFailed,
                    $"the async flows could not be read ({e.GetType().Name}: {e.Message})")),
            };
        }
        Snapshot composed = Compose(snapshot.Source, readings, flows, lines, snapshot.Warnings);
        return composed with { Limitations = snapshot.Limitations, ThreadPool = snapshot.ThreadPool, AsyncFlowsRead = true };
    }

    /// <summary>Gives the locks ids (threads and flows may own and wait for them) and builds the model.</summary>
    private static Snapshot Compose(SourceInfo info, List<ThreadReading> readings, List<FlowReading> flows, SourceLineResolver lines,
        ImmutableArray<string> warnings)
    {
        var locks = new LockTable();
        foreach (ThreadReading reading in readings)
        {
            reading.Held.ToList().ForEach(held => locks.AddOwner(held, reading.OsThreadId));
            if (reading.Wait?.Lock is { } waited)
            {
                locks.AddWaiter(waited, reading.OsThreadId);
            }
        }
        foreach (FlowReading flow in flows)
        {
            flow.Held.ToList().ForEach(held => locks.AddOwner(held, flow.Node));
            if (flow.AwaitedSemaphore is { } awaited)
            {
                locks.AddWaiter(awaited, flow.Node);
            }
        }
        ImmutableArray<LockInfo> lockInfos = locks.Build();
        string? IdOf(ulong address) => lockInfos.FirstOrDefault(l => l.Address == address)?.Id;

        var threads = readings.Select(r => ThreadBuilder.Build(r, lockInfos, lines)).OrderBy(t => t.OsThreadId).ToImmutableArray();
        var asyncFlows = flows.Select(f => new AsyncFlow(FlowNode.IdOf(f.Node), [.. f.Frames],
                f.AwaitedSemaphore is { } semaphore ? f.Awaiting with { LockId = IdOf(semaphore.Address) } : f.Awaiting)
            {
                Holds = [.. f.Held.Select(h => IdOf(h.Address)).OfType<string>()],
                Count = f.Count,
            })
            .ToImmutableArray();
        return new Snapshot(info, threads, lockInfos, warnings) { AsyncFlows = asyncFlows, ModulesWithoutSymbols = [.. lines.ModulesWithoutSymbols] };
    }

    private static ThreadPoolInfo? ReadThreadPool(RuntimeView view, ImmutableArray<Limitation>.Builder limitations)
    {
        try
        {
            return ThreadPoolReader.Read(view);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Without the pool, starvation can be neither claimed nor ruled out.
            limitations.Add(new Limitation(LimitationKind.ReaderFailed,
                $"the thread pool could not be read ({e.GetType().Name}: {e.Message}), so starvation was not checked"));
            return null;
        }
    }

    /// <summary>
    /// The profile of the dump's runtime major version. A version DumpLock has not been verified on
    /// is read with the nearest one's, and the report says it cannot be sure.
    /// </summary>
    private static RuntimeProfile ProfileFor(string? version, ImmutableArray<Limitation>.Builder limitations)
    {
        int? major = version is not null && int.TryParse(version.Split('.')[0], out int parsed) ? parsed : null;
        if (major is int known && RuntimeProfiles.For(known) is { } profile)
        {
            return profile;
        }
        limitations.Add(new Limitation(LimitationKind.UnverifiedRuntime, version ?? "(version unknown)"));
        return RuntimeProfiles.Nearest(major ?? RuntimeProfiles.VerifiedMajors.Max());
    }

    private static ThreadReading Inspect(ThreadView threadView, RuntimeView view, ImmutableArray<Limitation>.Builder limitations)
    {
        ClrThread thread = threadView.Thread;
        // An inspector that trips over an unexpected layout or damaged memory costs one primitive
        // on one thread, not the whole report; but what it missed could be the hang, so it is a
        // limitation: "no hang found" becomes "inconclusive".
        T Guarded<T>(IInspector inspector, Func<T> read, T fallback)
        {
            try
            {
                return read();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                limitations.Add(new Limitation(LimitationKind.ReaderFailed,
                    $"{inspector.GetType().Name} could not read thread {thread.OSThreadId}: {e.GetType().Name}: {e.Message}"));
                return fallback;
            }
        }

        // When two primitives match (a Lock waits on an event), the outermost frame is the one the program called.
        ObservedWait? wait = s_inspectors
            .Select(i => Guarded(i, () => i.FindWait(threadView, view), null))
            .OfType<ObservedWait>()
            .MaxBy(w => w.FrameIndex);
        var held = s_inspectors
            .SelectMany(i => Guarded(i, () => i.FindHeld(threadView, view).ToList(), []))
            .DistinctBy(l => l.Address)
            .ToList();
        return new ThreadReading(threadView, (int)thread.OSThreadId, view.Threads.NameOf(thread), wait, held);
    }

    internal static bool IsBackground(ClrThread thread) => ((int)thread.State & BackgroundBit) != 0;

    internal static bool IsThreadPool(ClrThread thread) => ((int)thread.State & ThreadPoolWorkerBit) != 0;
}
