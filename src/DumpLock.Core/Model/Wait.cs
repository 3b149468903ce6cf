namespace DumpLock.Model;

/// <summary>
/// What a thread is blocked on, as facts read from the dump; the reporters word them. Only the
/// members that fit <see cref="Kind"/> are set: <see cref="LockId"/> for a lock, <see cref="OsThreadId"/>
/// for a joined thread, the thread that must run a task or the thread running a static constructor
/// (whose class is <see cref="ObjectType"/>), <see cref="ObjectAddress"/> for a task, event or other
/// object. Unknown is null. <see cref="Mode"/> is the mode a ReaderWriterLockSlim waiter asks for.
/// <see cref="Timed"/> says whether the wait ends by itself after <see cref="TimeoutMs"/> (null when
/// it cannot be read).
/// </summary>
public sealed record Wait(
    WaitKind Kind,
    string? LockId = null,
    int? OsThreadId = null,
    ulong? ObjectAddress = null,
    string? ObjectType = null,
    LockMode? Mode = null,
    bool? Timed = null,
    int? TimeoutMs = null)
{
    /// <summary>What the thread does while it waits, when the kind alone does not say (sleeping, idle …).</summary>
    public WaitActivity? Activity { get; init; }

    /// <summary>For a task: whether it runs on a thread, or where its ready continuation was queued.</summary>
    public TaskProgress? TaskProgress { get; init; }

    /// <summary>The type of the SynchronizationContext a task's continuation was queued to.</summary>
    public string? ContextType { get; init; }

    /// <summary>The count the waited primitive showed: a SemaphoreSlim's current count, a CountdownEvent's signals left.</summary>
    public int? Count { get; init; }

    /// <summary>For an I/O wait: the system call, as the runtime's interop names it ("epoll_wait", "Read").</summary>
    public string? SystemCall { get; init; }

    public static Wait ForLock(string lockId, bool? timed = false) => new(WaitKind.Lock, LockId: lockId, Timed: timed);

    public static Wait ForThread(int? osThreadId, bool? timed = false) => new(WaitKind.Thread, OsThreadId: osThreadId, Timed: timed);

    /// <summary>True when the wait can only end through another thread releasing something.</summary>
    public bool IsOnLockThreadOrTask => Kind is WaitKind.Lock or WaitKind.Thread or WaitKind.Task or WaitKind.TypeInitializer;
}

/// <summary>Names match the JSON <c>waitingFor.activity</c> strings.</summary>
public enum WaitActivity
{
    /// <summary>Thread.Sleep.</summary>
    Sleeping,
    /// <summary>A thread-pool worker waiting for work.</summary>
    IdlePoolWorker,
    /// <summary>The finalizer thread waiting for objects to finalize.</summary>
    IdleFinalizer,
    /// <summary>Monitor.Wait: waiting for another thread's Monitor.Pulse.</summary>
    AwaitingPulse,
}

/// <summary>Names match the JSON <c>waitingFor.taskProgress</c> strings.</summary>
public enum TaskProgress
{
    /// <summary>Running on the thread <see cref="Wait.OsThreadId"/>.</summary>
    Running,
    /// <summary>Its continuation is queued to the waiting thread's own SynchronizationContext, which the wait blocks.</summary>
    QueuedToWaitersContext,
    /// <summary>Its continuation was queued to the thread pool (ConfigureAwait(false)) and has not run yet.</summary>
    QueuedToThreadPool,
    /// <summary>No thread runs it and no ready continuation was found.</summary>
    NotRunning,
}
