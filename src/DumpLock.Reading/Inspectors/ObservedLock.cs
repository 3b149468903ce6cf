using DumpLock.Model;

namespace DumpLock.Reading.Inspectors;

/// <summary>
/// A lock object as an inspector found it, before lock ids are given out. <see cref="Mode"/> is how
/// the thread holds it (a ReaderWriterLockSlim's read, upgradeable-read or write mode), null for
/// exclusive locks.
/// </summary>
internal sealed record ObservedLock(LockKind Kind, ulong Address, string? ObjectType, int? Recursion = null, int? FrameIndex = null,
    LockMode? Mode = null);
