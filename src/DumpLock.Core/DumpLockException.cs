namespace DumpLock;

/// <summary>
/// An anticipated failure: the message says what happened and what to do. The CLI prints it as
/// one line and exits with <see cref="ExitCode.CouldNotAnalyze"/>; no stack trace.
/// </summary>
public sealed class DumpLockException : Exception
{
    public DumpLockException(string message) : base(message) { }

    public DumpLockException(string message, Exception inner) : base(message, inner) { }
}
