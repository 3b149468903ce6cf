namespace DumpLock.Model;

/// <summary>
/// What a thread is blocked on. Only the members that fit <see cref="Kind"/> are set:
/// <see cref="LockId"/> for a lock, <see cref="OsThreadId"/> for a joined thread, the thread that
/// must run a task or the thread running a static constructor (whose class is <see cref="ObjectType"/>),
/// <see cref="ObjectAddress"/> for a task, event or other object. Unknown is null.
/// <see cref="Mode"/> is the mode a ReaderWriterLockSlim waiter asks for. <see cref="Timed"/> says
/// whether the wait ends by itself after <see cref="TimeoutMs"/> (null when it cannot be read).
/// </summary>
public sealed record Wait(
    WaitKind Kind,
    string? LockId = null,
    int? OsThreadId = null,
    ulong? ObjectAddress = null,
    string? ObjectType = null,
    string? Description = null,
    LockMode? Mode = null,
    bool? Timed = null,
    int? TimeoutMs = null)
{
    public static Wait ForLock(string lockId, bool? timed = false) => new(WaitKind.Lock, LockId: lockId, Timed: timed);

    public static Wait ForThread(int? osThreadId, string description, bool? timed = false) =>
        new(WaitKind.Thread, OsThreadId: osThreadId, Description: description, Timed: timed);

    /// <summary>True when the wait can only end through another thread releasing something.</summary>
    public bool IsOnLockThreadOrTask => Kind is WaitKind.Lock or WaitKind.Thread or WaitKind.Task or WaitKind.TypeInitializer;
}
