namespace DumpLock;

/// <summary>Exit codes of <c>dumplock</c>, as report-schema.md defines them.</summary>
public enum ExitCode
{
    /// <summary>Analysed; no hang cause found (verdict ok or blocked).</summary>
    NoHangFound = 0,
    /// <summary>Analysed; a deadlock or thread-pool starvation found.</summary>
    HangFound = 1,
    CouldNotAnalyze = 2,
    /// <summary>Analysed, no hang cause found, but the analysis could not see all it needs to be sure.</summary>
    Inconclusive = 3,
}
