using System.Collections.Immutable;

namespace DumpLock.Analysis;

/// <summary>What the wait-for graph says about a snapshot.</summary>
public sealed record Findings(
    Verdict Verdict,
    ImmutableArray<Deadlock> Deadlocks,
    ImmutableArray<BlockingChain> BlockingChains)
{
    public ExitCode ExitCode => Verdict == Verdict.Deadlock ? ExitCode.DeadlockFound : ExitCode.NoDeadlock;
}
