namespace DumpLock.Model;

/// <summary>Where a snapshot came from. Unknown values are null.</summary>
public sealed record SourceInfo(
    SourceKind Kind,
    string? Path,
    int? Pid,
    string? RuntimeVersion,
    string Os,
    string Architecture);

public enum SourceKind
{
    Dump,
    Process,
}
