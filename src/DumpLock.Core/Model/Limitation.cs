namespace DumpLock.Model;

/// <summary>
/// Something the reader could not see that could change the verdict: with one of these, "no hang
/// found" becomes "inconclusive". <see cref="Detail"/> names what (a version, an exception).
/// </summary>
public sealed record Limitation(LimitationKind Kind, string Detail);

public enum LimitationKind
{
    /// <summary>A mini or triage dump: no GC heap, so no lock owners, thin locks or thread names.</summary>
    NoHeap,
    /// <summary>A runtime major version DumpLock has not been verified on.</summary>
    UnverifiedRuntime,
    /// <summary>An inspector threw while reading a thread.</summary>
    ReaderFailed,
}
