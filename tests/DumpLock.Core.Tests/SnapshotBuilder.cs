using System.Collections.Immutable;
using DumpLock.Model;
using ThreadState = DumpLock.Model.ThreadState;

namespace DumpLock.Core.Tests;

/// <summary>
/// Hand-built snapshots. <c>Thread(…)</c> starts a thread; the calls after it describe that thread.
/// Locks are named "L1", "L2" … and created on first mention: a Monitor on a System.Object at
/// <see cref="AddressOf"/>, so ids are in address order as the reader makes them. A thread's state
/// follows its wait, as the reader sets it: a lock → Blocked, any other wait → Waiting, none → Running.
/// </summary>
public sealed class SnapshotBuilder
{
    private readonly List<ThreadDraft> _threads = [];
    private readonly SortedDictionary<int, LockDraft> _locks = [];
    private readonly List<string> _warnings = [];
    private readonly List<Limitation> _limitations = [];
    private readonly List<(int Thread, bool Idle)> _workers = [];
    private readonly List<(string Id, string Method, string[] Holds, FlowAwait? Awaiting)> _flows = [];
    private (int? Max, int? Queued)? _pool;
    private SourceInfo _source = new(SourceKind.Dump, "core.1234", 1234, "10.0.12", "linux", "x64");

    /// <summary>L1 is at 0x7f8f75809100, L2 at 0x7f8f75809200 …</summary>
    public static ulong AddressOf(string lockId) => 0x7f8f75809000UL + 0x100UL * (ulong)NumberOf(lockId);

    public SnapshotBuilder Source(SourceInfo source)
    {
        _source = source;
        return this;
    }

    public SnapshotBuilder Warning(string warning)
    {
        _warnings.Add(warning);
        return this;
    }

    /// <summary>Declares a lock's kind and object type (by default a Monitor on a System.Object).</summary>
    public SnapshotBuilder Lock(string id, LockKind kind = LockKind.Monitor, string? objectType = "System.Object")
    {
        LockDraft draft = LockOf(id);
        draft.Kind = kind;
        draft.ObjectType = objectType;
        return this;
    }

    public SnapshotBuilder Thread(int osThreadId, string? name = null, int? managedThreadId = null)
    {
        _threads.Add(new ThreadDraft(osThreadId, name, managedThreadId));
        return this;
    }

    /// <summary>The current thread owns the lock, entered <paramref name="recursion"/> times.</summary>
    public SnapshotBuilder Holds(string lockId, int recursion = 1)
    {
        LockDraft draft = LockOf(lockId);
        draft.Owners.Add(Current.OsThreadId);
        draft.Recursion = recursion;
        return this;
    }

    /// <summary>The current thread owns a ReaderWriterLockSlim in <paramref name="mode"/>.</summary>
    public SnapshotBuilder HoldsIn(string lockId, LockMode mode)
    {
        Holds(lockId);
        LockOf(lockId).Modes[Current.OsThreadId] = mode;
        return this;
    }

    /// <summary>Waits to acquire a lock: forever unless <paramref name="timed"/> (null: the timeout could not be read).</summary>
    public SnapshotBuilder WaitsForLock(string lockId, LockMode? mode = null, bool? timed = false)
    {
        LockOf(lockId).Waiters.Add(Current.OsThreadId);
        return WaitsFor(_ => Wait.ForLock(lockId, timed) with { Mode = mode });
    }

    /// <summary>The thread pool: its limits and queue; its workers are the threads marked with <see cref="PoolWorker"/>.</summary>
    public SnapshotBuilder Pool(int? maxThreads, int? queuedWorkItems)
    {
        _pool = (maxThreads, queuedWorkItems);
        return this;
    }

    /// <summary>The current thread is a pool worker; an idle one waits for work.</summary>
    public SnapshotBuilder PoolWorker(bool idle = false)
    {
        _workers.Add((Current.OsThreadId, idle));
        return this;
    }

    /// <summary>A pending async flow ("A1", …) suspended in <paramref name="method"/>; it holds the async locks given.</summary>
    public SnapshotBuilder Flow(string id, string method, params string[] holds)
    {
        foreach (string lockId in holds)
        {
            LockDraft held = LockOf(lockId);
            held.Kind = LockKind.SemaphoreSlim;
            held.Owners.Add(FlowNode.Of(id));
        }
        _flows.Add((id, method, [.. holds], null));
        return this;
    }

    /// <summary>The last flow awaits an async lock (a SemaphoreSlim) or another flow.</summary>
    public SnapshotBuilder Awaits(string lockOrFlowId)
    {
        var (id, method, holds, _) = _flows[^1];
        FlowAwait awaiting = lockOrFlowId.StartsWith('A')
            ? new FlowAwait(FlowAwaitKind.AsyncFlow, FlowId: lockOrFlowId)
            : new FlowAwait(FlowAwaitKind.Semaphore, AddressOf(lockOrFlowId), "System.Threading.SemaphoreSlim", LockId: lockOrFlowId, Count: 0);
        if (!lockOrFlowId.StartsWith('A'))
        {
            LockOf(lockOrFlowId).Waiters.Add(FlowNode.Of(id));
        }
        _flows[^1] = (id, method, holds, awaiting);
        return this;
    }

    public SnapshotBuilder Limitation(LimitationKind kind, string detail)
    {
        _limitations.Add(new Limitation(kind, detail));
        return this;
    }

    /// <summary>Thread.Join on another thread (or on itself).</summary>
    public SnapshotBuilder Joins(int osThreadId) => WaitsFor(_ => Wait.ForThread(osThreadId));

    public SnapshotBuilder Sleeps() => WaitsFor(_ => new Wait(WaitKind.Other, Timed: true) { Activity = WaitActivity.Sleeping });

    /// <summary>
    /// Monitor.Wait: the thread released the monitor and waits for a pulse, which is not a lock
    /// wait. The wait holds the facts the reader gives.
    /// </summary>
    public SnapshotBuilder WaitsForPulse(string lockId)
    {
        LockOf(lockId);
        return WaitsFor(locks =>
        {
            LockDraft monitor = locks[NumberOf(lockId)];
            return new Wait(WaitKind.Other, ObjectAddress: monitor.Address, ObjectType: monitor.ObjectType) { Activity = WaitActivity.AwaitingPulse };
        });
    }

    /// <summary>Any other wait (a task, an event …).</summary>
    public SnapshotBuilder WaitsFor(Wait wait) => WaitsFor(_ => wait);

    public SnapshotBuilder Running() => WaitsFor(_ => null);

    /// <summary>Adds a frame below the ones already added (frames go innermost first).</summary>
    public SnapshotBuilder Frame(string method, string? module = null, string? file = null, int? line = null) =>
        Frame(new Frame(method, module, file, line));

    /// <summary>Adds a frame as given (with a SourceLink URL, say) below the ones already added.</summary>
    public SnapshotBuilder Frame(Frame frame)
    {
        Current.Frames.Add((frame, []));
        return this;
    }

    /// <summary>Says which lock the last added frame took or waits for.</summary>
    public SnapshotBuilder Annotate(AnnotationKind kind, string lockId)
    {
        LockOf(lockId);
        Current.Frames[^1].Annotations.Add((kind, lockId));
        return this;
    }

    public Snapshot Build()
    {
        ImmutableArray<LockInfo> locks = _locks.Values
            .Select(l => new LockInfo(l.Id, l.Kind, l.Address, l.ObjectType, [.. l.Owners], l.Recursion, [.. l.Waiters.Order()])
            {
                OwnerModes = l.Modes.ToImmutableSortedDictionary(),
            })
            .ToImmutableArray();
        ImmutableArray<ThreadInfo> threads = _threads.Select(BuildThread).ToImmutableArray();
        ThreadPoolInfo? pool = _pool is var (max, queued)
            ? new ThreadPoolInfo(2, max, [.. _workers.Select(w => w.Thread).Order()], [.. _workers.Where(w => w.Idle).Select(w => w.Thread).Order()], queued)
            : null;
        ImmutableArray<AsyncFlow> flows = _flows
            .Select(f => new AsyncFlow(f.Id, [new Frame(f.Method)], f.Awaiting ?? new FlowAwait(FlowAwaitKind.Other)) { Holds = [.. f.Holds] })
            .ToImmutableArray();
        return new Snapshot(_source, threads, locks, [.. _warnings])
        {
            Limitations = [.. _limitations],
            ThreadPool = pool,
            AsyncFlows = flows,
            AsyncFlowsRead = _flows.Count > 0,
        };
    }

    private ThreadInfo BuildThread(ThreadDraft draft)
    {
        Wait? wait = draft.Wait(_locks);
        ThreadState state = wait?.Kind switch
        {
            WaitKind.Lock => ThreadState.Blocked,
            not null => ThreadState.Waiting,
            null => ThreadState.Running,
        };
        ImmutableArray<Frame> frames = draft.Frames
            .Select(f => f.Frame with
            {
                Annotations = [.. f.Annotations.Select(a => new FrameAnnotation(
                    a.Kind, AddressOf(a.LockId), _locks[NumberOf(a.LockId)].ObjectType, a.LockId))],
            })
            .ToImmutableArray();
        return new ThreadInfo(draft.OsThreadId, draft.ManagedThreadId, draft.Name, state,
            IsBackground: false, IsThreadPool: false, wait, frames);
    }

    private SnapshotBuilder WaitsFor(Func<SortedDictionary<int, LockDraft>, Wait?> wait)
    {
        Current.Wait = wait;
        return this;
    }

    private ThreadDraft Current =>
        _threads.Count > 0 ? _threads[^1] : throw new InvalidOperationException("Call Thread(…) first.");

    private LockDraft LockOf(string id)
    {
        int number = NumberOf(id);
        if (!_locks.TryGetValue(number, out LockDraft? draft))
        {
            _locks[number] = draft = new LockDraft(id, AddressOf(id));
        }
        return draft;
    }

    private static int NumberOf(string lockId) =>
        lockId.StartsWith('L') && int.TryParse(lockId.AsSpan(1), out int number) && number > 0
            ? number
            : throw new ArgumentException($"Lock ids are L1, L2 …, not \"{lockId}\".", nameof(lockId));

    private sealed class ThreadDraft(int osThreadId, string? name, int? managedThreadId)
    {
        public int OsThreadId { get; } = osThreadId;
        public string? Name { get; } = name;
        public int? ManagedThreadId { get; } = managedThreadId;
        public Func<SortedDictionary<int, LockDraft>, Wait?> Wait { get; set; } = _ => null;
        public List<(Frame Frame, List<(AnnotationKind Kind, string LockId)> Annotations)> Frames { get; } = [];
    }

    private sealed class LockDraft(string id, ulong address)
    {
        public string Id { get; } = id;
        public ulong Address { get; } = address;
        public LockKind Kind { get; set; } = LockKind.Monitor;
        public string? ObjectType { get; set; } = "System.Object";
        public List<int> Owners { get; } = [];
        public int? Recursion { get; set; }
        public List<int> Waiters { get; } = [];
        public Dictionary<int, LockMode> Modes { get; } = [];
    }
}
