namespace DumpLock;

/// <summary>Exit codes of <c>dumplock</c>, as report-schema.md defines them.</summary>
public enum ExitCode
{
    NoDeadlock = 0,
    DeadlockFound = 1,
    CouldNotAnalyze = 2,
}
