namespace DumpLock.Collection;

/// <summary>A dump written under its final name.</summary>
public sealed record CollectResult(string Path, long SizeBytes, TimeSpan Elapsed);
