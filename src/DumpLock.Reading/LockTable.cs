using System.Collections.Immutable;
using DumpLock.Model;
using DumpLock.Reading.Inspectors;

namespace DumpLock.Reading;

/// <summary>
/// Gathers the locks the inspectors saw, owned or waited for, and gives them the report's ids
/// (L1, L2, … in address order, so ids are stable for one dump).
/// </summary>
internal sealed class LockTable
{
    private readonly Dictionary<ulong, Entry> _entries = [];

    public void AddOwner(ObservedLock observed, int osThreadId)
    {
        Entry entry = EntryFor(observed);
        entry.Owners.Add(osThreadId);
        entry.Recursion ??= observed.Recursion;
        if (observed.Mode is LockMode mode)
        {
            entry.Modes[osThreadId] = mode;
        }
    }

    public void AddWaiter(ObservedLock observed, int osThreadId) => EntryFor(observed).Waiters.Add(osThreadId);

    public ImmutableArray<LockInfo> Build() =>
        _entries.Values
            .OrderBy(e => e.Observed.Address)
            .Select((e, i) => new LockInfo($"L{i + 1}", e.Observed.Kind, e.Observed.Address, e.Observed.ObjectType,
                [.. e.Owners.Order()], e.Recursion, [.. e.Waiters.Order()])
            {
                OwnerModes = e.Modes.ToImmutableSortedDictionary(),
            })
            .ToImmutableArray();

    private Entry EntryFor(ObservedLock observed)
    {
        if (!_entries.TryGetValue(observed.Address, out Entry? entry))
        {
            _entries[observed.Address] = entry = new Entry(observed);
        }
        return entry;
    }

    private sealed class Entry(ObservedLock observed)
    {
        public ObservedLock Observed { get; } = observed;
        public HashSet<int> Owners { get; } = [];
        public HashSet<int> Waiters { get; } = [];
        public Dictionary<int, LockMode> Modes { get; } = [];
        public int? Recursion { get; set; }
    }
}
