using DumpLock.Model;
using DumpLock.Reading.Inspectors;

namespace DumpLock.Reading.Runtime;

/// <summary>
/// Puts the runtime's own record of a lock wait (<see cref="ThreadBlockingInfo"/>) beside what the
/// frames said: the record is the first source of the timeout, and a disagreement about whether
/// or on what a thread blocks is said in a warning rather than silently picked.
/// </summary>
internal static class BlockingInfoCheck
{
    public static ObservedWait? Apply(ObservedWait? wait, BlockingRecord? record, RuntimeView runtime, int osThreadId, ICollection<string> warnings)
    {
        if (record is not { IsEnter: true })
        {
            return wait;
        }
        if (wait?.Lock is not { Kind: LockKind.Monitor or LockKind.Lock } waited)
        {
            warnings.Add($"thread {osThreadId}: the runtime records it entering a lock (ThreadBlockingInfo), but its frames show " +
                (wait is null ? "no wait" : "another wait") + "; the frames were followed");
            return wait;
        }
        // On .NET 11 the record names the Lock; a monitor's Lock stands for the program's object.
        ulong? recorded = record.Object is ulong lockObject ? runtime.Monitors.ObjectOfLock(lockObject) ?? lockObject : null;
        if (recorded is ulong address && address != waited.Address)
        {
            warnings.Add($"thread {osThreadId}: the runtime records it entering the lock at 0x{address:x}, its frames the one at " +
                $"0x{waited.Address:x}; the frames were followed");
        }
        bool recordTimed = record.TimeoutMs >= 0;
        if (wait.Timed is bool framesTimed && framesTimed != recordTimed)
        {
            warnings.Add($"thread {osThreadId}: its frames say its lock wait {(framesTimed ? "has" : "has no")} timeout, the runtime's " +
                $"record says {(recordTimed ? $"{record.TimeoutMs} ms" : "none")}; the record was followed");
        }
        return wait with { Timed = recordTimed, TimeoutMs = recordTimed ? record.TimeoutMs : null };
    }
}
