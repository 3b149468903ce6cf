namespace DumpLock.Model;

/// <summary>
/// What a thread is blocked on. Only the members that fit <see cref="Kind"/> are set:
/// <see cref="LockId"/> for a lock, <see cref="OsThreadId"/> for a joined thread or the thread that
/// must run a task, <see cref="ObjectAddress"/> for a task, event or other object. Unknown is null.
/// </summary>
public sealed record Wait(
    WaitKind Kind,
    string? LockId = null,
    int? OsThreadId = null,
    ulong? ObjectAddress = null,
    string? ObjectType = null,
    string? Description = null)
{
    public static Wait ForLock(string lockId) => new(WaitKind.Lock, LockId: lockId);

    public static Wait ForThread(int? osThreadId, string description) =>
        new(WaitKind.Thread, OsThreadId: osThreadId, Description: description);

    /// <summary>True when the wait can only end through another thread releasing something.</summary>
    public bool IsOnLockThreadOrTask => Kind is WaitKind.Lock or WaitKind.Thread or WaitKind.Task;
}
