namespace DumpLock.Analysis;

/// <summary>
/// Thread <see cref="From"/> waits for <see cref="WaitsFor"/> (a lock id, <c>thread:&lt;tid&gt;</c> or
/// <c>task:&lt;address&gt;</c>), which thread <see cref="HeldBy"/> can release. <see cref="Timed"/>:
/// the wait ends by itself after a timeout (null when that could not be read).
/// </summary>
public sealed record WaitEdge(int From, string WaitsFor, int HeldBy, bool? Timed = false)
{
    /// <summary>Only a wait known to have no timeout can hold a deadlock together.</summary>
    public bool IsForever => Timed == false;
}
