namespace DumpLock.Model;

/// <summary>Which lock a frame took or waits for, as jstack prints under a frame.</summary>
public sealed record FrameAnnotation(AnnotationKind Kind, ulong Address, string? ObjectType, string? LockId);

public enum AnnotationKind
{
    /// <summary>The frame holds the lock ("- locked").</summary>
    Locked,
    /// <summary>The frame waits to acquire the lock ("- waiting to lock").</summary>
    WaitingToLock,
    /// <summary>The frame waits for a pulse on a monitor it released (Monitor.Wait; "- waiting on").</summary>
    WaitingOn,
}
