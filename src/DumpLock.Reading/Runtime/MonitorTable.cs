using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading.Runtime;

/// <summary>
/// The inflated monitors of a process (contended or waited on): which object, who holds it and
/// how often. Up to .NET 10 that is the DAC's sync-block table; on .NET 11 a monitor is a
/// System.Threading.Lock found through the sync table (<see cref="SyncTableContract"/>).
/// Uncontended monitors stay thin locks in the object header and are not here.
/// </summary>
internal sealed class MonitorTable
{
    private readonly Dictionary<ulong, HeldMonitor> _heldByObject = [];
    private readonly HashSet<ulong> _inflated = [];
    private readonly Dictionary<ulong, ulong> _objectByLock = [];

    private MonitorTable()
    {
    }

    public static MonitorTable Read(ClrRuntime runtime, RuntimeProfile profile) =>
        profile.MonitorsAreLocks ? FromLocks(runtime) : FromSyncBlocks(runtime);

    /// <summary>Monitors held by some thread.</summary>
    public IEnumerable<HeldMonitor> Held => _heldByObject.Values;

    public HeldMonitor? HeldOf(ulong objectAddress) => _heldByObject.GetValueOrDefault(objectAddress);

    /// <summary>True when the object's monitor is inflated: a thread can only block on such a monitor.</summary>
    public bool IsInflated(ulong objectAddress) => _inflated.Contains(objectAddress);

    /// <summary>.NET 11: the object whose monitor is this Lock, or null for a Lock the program made itself.</summary>
    public ulong? ObjectOfLock(ulong lockAddress) => _objectByLock.TryGetValue(lockAddress, out ulong obj) ? obj : null;

    private static MonitorTable FromSyncBlocks(ClrRuntime runtime)
    {
        var table = new MonitorTable();
        foreach (SyncBlock block in runtime.Heap.EnumerateSyncBlocks())
        {
            table._inflated.Add(block.Object);
            // SyncBlock.RecursionCount is the number of entries (1 = held once).
            if (block.IsMonitorHeld && runtime.Threads.FirstOrDefault(t => t.Address == block.HoldingThreadAddress) is { } owner)
            {
                table._heldByObject.TryAdd(block.Object, new HeldMonitor(block.Object, owner, block.RecursionCount));
            }
        }
        return table;
    }

    private static MonitorTable FromLocks(ClrRuntime runtime)
    {
        var table = new MonitorTable();
        foreach ((ulong obj, ulong lockAddress) in SyncTableContract.ReadEntries(runtime))
        {
            table._inflated.Add(obj);
            table._objectByLock[lockAddress] = obj;
            ClrObject lockObject = runtime.Heap.GetObject(lockAddress);
            // Lock._owningThreadId is the managed thread id on .NET 11; _recursionCount counts re-entries.
            if (lockObject.TryReadField("_state", out uint state) && (state & 1) != 0
                && lockObject.TryReadField("_owningThreadId", out int owner)
                && runtime.Threads.FirstOrDefault(t => t.ManagedThreadId == owner) is { } thread)
            {
                int entries = lockObject.TryReadField("_recursionCount", out uint count) ? (int)count + 1 : 1;
                table._heldByObject.TryAdd(obj, new HeldMonitor(obj, thread, entries));
            }
        }
        return table;
    }
}

/// <summary>A monitor some thread holds, entered <see cref="Entries"/> times.</summary>
internal sealed record HeldMonitor(ulong Object, ClrThread Owner, int Entries);
