using System.Collections.Immutable;
using DumpLock.Model;

namespace DumpLock.Analysis;

/// <summary>
/// A hang without a cycle: <see cref="RootThread"/> is not waiting for any other thread (it sleeps,
/// waits for an event or a pulse, or runs) and <see cref="BlockedThreads"/> wait for it, directly or not.
/// </summary>
public sealed record BlockingChain(int RootThread, ThreadState RootState, ImmutableArray<int> BlockedThreads)
{
    /// <summary>The waits that make up the chain: from each blocked thread to the chain's threads it waits for.</summary>
    public ImmutableArray<WaitEdge> Edges { get; init; } = [];
}
