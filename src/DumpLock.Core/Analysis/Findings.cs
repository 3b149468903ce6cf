using System.Collections.Immutable;

namespace DumpLock.Analysis;

/// <summary>
/// What the wait-for graph says about a snapshot. <see cref="TimedCycles"/> are cycles with at
/// least one wait that has (or may have) a timeout: lock-order bugs that end by themselves.
/// </summary>
public sealed record Findings(
    Verdict Verdict,
    ImmutableArray<Deadlock> Deadlocks,
    ImmutableArray<BlockingChain> BlockingChains,
    ImmutableArray<Deadlock> TimedCycles)
{
    /// <summary>Thread-pool starvation, or null when the pool is not starved (or was not read).</summary>
    public ThreadPoolStarvation? Starvation { get; init; }

    /// <summary>
    /// Threads waiting for a lock whose owner was not found while other threads wait for them (see
    /// <see cref="WaitForGraph"/>): each makes "no hang found" inconclusive.
    /// </summary>
    public ImmutableArray<int> UnownedLockWaits { get; init; } = [];

    /// <summary>Where to fix the hang (see <see cref="Analysis.CodeToFix"/>); empty when nothing hangs or nothing is sure.</summary>
    public ImmutableArray<BlockingSite> CodeToFix { get; init; } = [];

    /// <summary>Every thread in report order, identical stacks merged (see <see cref="ThreadGroup.Of"/>).</summary>
    public ImmutableArray<ThreadGroup> ThreadGroups { get; init; } = [];

    public ExitCode ExitCode => Verdict switch
    {
        Verdict.Deadlock or Verdict.Starvation => ExitCode.HangFound,
        Verdict.Inconclusive => ExitCode.Inconclusive,
        _ => ExitCode.NoHangFound,
    };
}
