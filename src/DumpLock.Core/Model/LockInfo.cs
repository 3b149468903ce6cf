using System.Collections.Immutable;

namespace DumpLock.Model;

/// <summary>
/// A lock object. <see cref="Owners"/> are OS thread ids (several for shared ownership, empty when
/// unknown); <see cref="Recursion"/> is the number of times the owner entered it, null when unknown.
/// </summary>
public sealed record LockInfo(
    string Id,
    LockKind Kind,
    ulong Address,
    string? ObjectType,
    ImmutableArray<int> Owners,
    int? Recursion,
    ImmutableArray<int> Waiters);
