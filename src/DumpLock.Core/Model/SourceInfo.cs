namespace DumpLock.Model;

/// <summary>
/// Where a snapshot came from. Unknown values are null. <see cref="CapturedAt"/> is when the
/// process was read: for a live process, now; for a dump, when its file was last written (a core
/// file records no time of its own).
/// </summary>
public sealed record SourceInfo(
    SourceKind Kind,
    string? Path,
    int? Pid,
    string? RuntimeVersion,
    string Os,
    string Architecture,
    DateTimeOffset? CapturedAt = null);

public enum SourceKind
{
    Dump,
    Process,
}
