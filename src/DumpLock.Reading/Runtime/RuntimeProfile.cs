namespace DumpLock.Reading.Runtime;

/// <summary>
/// What differs between the runtime major versions DumpLock reads: the frames a thread blocks in
/// and where the runtime keeps lock state. One row per version in <see cref="RuntimeProfiles"/>,
/// chosen once per dump; inspectors read it instead of testing versions themselves. Frame names
/// are "Namespace.Type.Method" (docs/runtime-internals.md §4 and §16).
/// </summary>
internal sealed record RuntimeProfile
{
    public required int Major { get; init; }

    /// <summary>Frames a thread blocks in for <c>lock</c>/<c>Monitor.Enter</c> without a timeout.</summary>
    public required IReadOnlySet<string> MonitorEnter { get; init; }

    /// <summary>Frames of <c>Monitor.TryEnter(o, timeout)</c>: a wait that ends by itself.</summary>
    public required IReadOnlySet<string> MonitorTryEnter { get; init; }

    /// <summary>Frames of <c>Monitor.Wait</c>, waiting for a pulse.</summary>
    public required IReadOnlySet<string> MonitorWait { get; init; }

    /// <summary>
    /// .NET 11 builds Monitor on <c>System.Threading.Lock</c>: the sync block holds a handle to a
    /// Lock, the DAC lists no sync blocks, and a monitor's state is that Lock's (MonitorTable).
    /// </summary>
    public required bool MonitorsAreLocks { get; init; }

    /// <summary><c>Lock._owningThreadId</c>: the OS thread id on .NET 9 and 10, the managed one on 11.</summary>
    public required bool LockOwnerIsManagedId { get; init; }

    /// <summary>
    /// .NET 11 implements wait handles in the managed WaitSubsystem: a SafeWaitHandle's handle is a GC
    /// handle to a <c>WaitableObject</c>, which records a Mutex's owner. Before, it was a native handle
    /// number, and no dump records who owns a Mutex.
    /// </summary>
    public required bool WaitHandlesAreManaged { get; init; }

    /// <summary>Frames of <c>Thread.Join</c>.</summary>
    public required IReadOnlySet<string> Join { get; init; }

    /// <summary>
    /// Up to .NET 10 the joined Thread object is a root of the Join frame; on 11 only its join
    /// event's SafeWaitHandle is (<c>Thread._joinEvent._waitHandle</c>).
    /// </summary>
    public required bool JoinRootsTheJoinEvent { get; init; }

    /// <summary>Frames of <c>Thread.Sleep</c>.</summary>
    public required IReadOnlySet<string> Sleep { get; init; }

    /// <summary>
    /// How a thread waiting for another thread's static constructor shows: on .NET 10 and 11 in the
    /// managed <c>InitHelpers.InitClassSlow</c>; on 8 and 9 as a bare runtime helper frame (no
    /// method) right above the program's code (<see cref="ClassInitHelperFrame"/>).
    /// </summary>
    public required IReadOnlySet<string> ClassInitWait { get; init; }

    public required string? ClassInitHelperFrame { get; init; }

    /// <summary>Frames of a thread-pool worker parked waiting for work.</summary>
    public required IReadOnlySet<string> IdleWorkerWait { get; init; }

    /// <summary>.NET 9+ records per thread what it blocks on in <c>ThreadBlockingInfo.t_first</c>.</summary>
    public required bool HasThreadBlockingInfo { get; init; }
}
