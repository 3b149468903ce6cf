using System.Collections.Immutable;

namespace DumpLock.Model;

/// <summary>
/// A lock object. <see cref="Owners"/> are OS thread ids (several for shared ownership, empty when
/// unknown); <see cref="Recursion"/> is the number of times the owner entered it, null when unknown.
/// <see cref="OwnerModes"/> says how each owner holds a ReaderWriterLockSlim; it is empty for
/// exclusive locks, whose owners all hold them in <see cref="LockMode.Write"/>.
/// </summary>
public sealed record LockInfo(
    string Id,
    LockKind Kind,
    ulong Address,
    string? ObjectType,
    ImmutableArray<int> Owners,
    int? Recursion,
    ImmutableArray<int> Waiters)
{
    public ImmutableSortedDictionary<int, LockMode> OwnerModes { get; init; } = ImmutableSortedDictionary<int, LockMode>.Empty;

    public LockMode ModeOf(int owner) => OwnerModes.GetValueOrDefault(owner, LockMode.Write);
}
