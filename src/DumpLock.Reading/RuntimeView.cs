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

    private readonly Dictionary<string, List<ClrObject>> _rootedByType = [];

    public RuntimeView(ClrRuntime runtime, ThreadDirectory threads, IReadOnlyList<ThreadView> threadViews)
    {
        Runtime = runtime;
        Threads = threads;
        ThreadViews = threadViews;
        _threadsByAddress = runtime.Threads.ToDictionary(t => t.Address);
        _heldSyncBlocksByObject = runtime.Heap.EnumerateSyncBlocks()
            .Where(s => s.IsMonitorHeld)
            .GroupBy(s => s.Object)
            .ToDictionary(g => g.Key, g => g.First());
    }

    public ClrRuntime Runtime { get; }

    public ClrHeap Heap => Runtime.Heap;

    public ThreadDirectory Threads { get; }

    public IReadOnlyList<ThreadView> ThreadViews { get; }

    /// <summary>
    /// Objects of a type kept alive by any thread's stack: the candidates for locks that some
    /// thread owns without waiting (a reader of a ReaderWriterLockSlim), found without a heap walk.
    /// </summary>
    public IReadOnlyList<ClrObject> RootedObjectsOfType(string typeName)
    {
        if (!_rootedByType.TryGetValue(typeName, out List<ClrObject>? objects))
        {
            _rootedByType[typeName] = objects = ThreadViews.SelectMany(t => t.AllRoots)
                .Where(o => o.Type?.Name == typeName).DistinctBy(o => o.Address).ToList();
        }
        return objects;
    }

    public ClrThread? ThreadAt(ulong address) => _threadsByAddress.GetValueOrDefault(address);

    public IEnumerable<SyncBlock> HeldSyncBlocks => _heldSyncBlocksByObject.Values;

    public SyncBlock? HeldSyncBlockOf(ulong objectAddress) => _heldSyncBlocksByObject.GetValueOrDefault(objectAddress);
}
