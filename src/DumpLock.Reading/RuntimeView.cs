using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading;

/// <summary>
/// What the inspectors share about one runtime: threads by address, the sync-block table, and
/// the managed Thread objects. Built once per dump, from the small structures only (no heap walk).
/// </summary>
internal sealed class RuntimeView
{
    private readonly Dictionary<ulong, ClrThread> _threadsByAddress;
    private readonly Dictionary<ulong, SyncBlock> _heldSyncBlocksByObject;

    public RuntimeView(ClrRuntime runtime, ThreadDirectory threads)
    {
        Runtime = runtime;
        Threads = threads;
        _threadsByAddress = runtime.Threads.ToDictionary(t => t.Address);
        _heldSyncBlocksByObject = runtime.Heap.EnumerateSyncBlocks()
            .Where(s => s.IsMonitorHeld)
            .GroupBy(s => s.Object)
            .ToDictionary(g => g.Key, g => g.First());
    }

    public ClrRuntime Runtime { get; }

    public ClrHeap Heap => Runtime.Heap;

    public ThreadDirectory Threads { get; }

    public ClrThread? ThreadAt(ulong address) => _threadsByAddress.GetValueOrDefault(address);

    public IEnumerable<SyncBlock> HeldSyncBlocks => _heldSyncBlocksByObject.Values;

    public SyncBlock? HeldSyncBlockOf(ulong objectAddress) => _heldSyncBlocksByObject.GetValueOrDefault(objectAddress);
}
