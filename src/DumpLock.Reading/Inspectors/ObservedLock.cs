using DumpLock.Model;

namespace DumpLock.Reading.Inspectors;

/// <summary>A lock object as an inspector found it, before lock ids are given out.</summary>
internal sealed record ObservedLock(LockKind Kind, ulong Address, string? ObjectType, int? Recursion = null, int? FrameIndex = null);
