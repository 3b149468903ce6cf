using DumpLock.Reading.Inspectors;
using DumpLock.Reading.Runtime;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading;

/// <summary>
/// What the inspectors share about one runtime: its version's profile, threads by address, the
/// inflated monitors, and the managed Thread objects. Built once per dump, from the small
/// structures only (no heap walk).
/// </summary>
internal sealed class RuntimeView
{
    private readonly Dictionary<ulong, ClrThread> _threadsByAddress;
    private readonly Dictionary<string, List<ClrObject>> _rootedByType = [];
    private readonly Dictionary<string, object> _once = [];

    public RuntimeView(ClrRuntime runtime, RuntimeProfile profile, ThreadDirectory threads, IReadOnlyList<ThreadView> threadViews)
    {
        Runtime = runtime;
        Profile = profile;
        Threads = threads;
        ThreadViews = threadViews;
        _threadsByAddress = runtime.Threads.ToDictionary(t => t.Address);
        Monitors = MonitorTable.Read(runtime, profile);
        WaitTimeouts = new WaitSubsystemTimeouts(runtime);
    }

    public ClrRuntime Runtime { get; }

    public RuntimeProfile Profile { get; }

    public ClrHeap Heap => Runtime.Heap;

    public ThreadDirectory Threads { get; }

    public IReadOnlyList<ThreadView> ThreadViews { get; }

    public MonitorTable Monitors { get; }

    /// <summary>Whether a wait in .NET 11's managed WaitSubsystem has a timeout.</summary>
    public WaitSubsystemTimeouts WaitTimeouts { get; }

    /// <summary>
    /// Objects of a type kept alive by any thread's stack: the candidates for locks that some
    /// thread owns without referring to them (a reader of a ReaderWriterLockSlim, the owner of a
    /// Lock taken in a method that returned), found without a heap walk.
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

    /// <summary>
    /// What an inspector reads once per dump, not once per thread: the inspectors are shared by
    /// every dump read, so what they would keep lives here, under <paramref name="key"/>.
    /// </summary>
    public T Once<T>(string key, Func<RuntimeView, T> read) where T : class
    {
        if (!_once.TryGetValue(key, out object? value))
        {
            _once[key] = value = read(this);
        }
        return (T)value;
    }

    public ClrThread? ThreadAt(ulong address) => _threadsByAddress.GetValueOrDefault(address);

    public ClrThread? ThreadWithManagedId(int managedThreadId) =>
        _threadsByAddress.Values.FirstOrDefault(t => t.ManagedThreadId == managedThreadId);
}
