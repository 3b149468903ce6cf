namespace DumpLock.Analysis;

/// <summary>
/// Thread <see cref="From"/> waits for <see cref="WaitsFor"/> (a lock id, <c>thread:&lt;tid&gt;</c> or
/// <c>task:&lt;address&gt;</c>), which thread <see cref="HeldBy"/> can release.
/// </summary>
public sealed record WaitEdge(int From, string WaitsFor, int HeldBy);
