using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading.Runtime;

/// <summary>
/// What the runtime itself recorded that a thread blocks on (.NET 9+, "used by debuggers"): the
/// thread-static <c>System.Threading.ThreadBlockingInfo.t_first</c> is an unmanaged pointer to a
/// chain of structs on the thread's stack, { void* _objectPtr @0, int _objectKind @8,
/// int _timeoutMs @12, ThreadBlockingInfo* _next @16 } (docs/runtime-internals.md §16g). Recorded
/// for monitor and Lock enters and waits (and what is built on Monitor: events, semaphores, task
/// waits); not for joins, sleeps, wait handles or ReaderWriterLockSlim. On .NET 9 and 10 a monitor
/// enter is recorded by native code only on threads whose thread statics already exist, so the
/// record is often absent there: it confirms the frames when present, and is never required.
/// </summary>
internal sealed class ThreadBlockingInfo
{
    private readonly ClrThreadStaticField? _first;
    private readonly IDataReader _reader;

    public ThreadBlockingInfo(ClrRuntime runtime, RuntimeProfile profile)
    {
        _reader = runtime.DataTarget.DataReader;
        _first = profile.HasThreadBlockingInfo
            ? runtime.BaseClassLibrary.GetTypeByName("System.Threading.ThreadBlockingInfo")?.ThreadStaticFields.FirstOrDefault(f => f.Name == "t_first")
            : null;
    }

    /// <summary>The innermost record of a thread, or null when it has none (or the runtime keeps none).</summary>
    public BlockingRecord? Of(ClrThread thread)
    {
        if (_first is null || thread.OSThreadId == 0)
        {
            return null;
        }
        ulong record = _first.Read<ulong>(thread);
        if (record == 0 || !_reader.Read(record + 8, out int kind) || !_reader.Read(record + 12, out int timeoutMs))
        {
            return null;
        }
        // Kinds 2 (Lock) and 3 (Condition) point at a stack slot holding the object; kinds 0 and 1
        // (.NET 9/10 monitors) point at the runtime's native lock, which is no object.
        ulong objectPointer = _reader.ReadPointer(record);
        ulong? obj = kind is (int)BlockingKind.Lock or (int)BlockingKind.Condition && objectPointer != 0
            ? _reader.ReadPointer(objectPointer)
            : null;
        return new BlockingRecord((BlockingKind)kind, obj, timeoutMs);
    }
}

/// <summary>ThreadBlockingInfo.ObjectKind, numbered the same on .NET 9, 10 and 11.</summary>
internal enum BlockingKind
{
    MonitorLock = 0,
    MonitorWait = 1,
    Lock = 2,
    Condition = 3,
}

/// <summary>One record: what kind of wait, the Lock or Condition object when known, and the timeout (−1: none).</summary>
internal sealed record BlockingRecord(BlockingKind Kind, ulong? Object, int TimeoutMs)
{
    /// <summary>An enter (not a wait for a pulse or a condition).</summary>
    public bool IsEnter => Kind is BlockingKind.MonitorLock or BlockingKind.Lock;
}
