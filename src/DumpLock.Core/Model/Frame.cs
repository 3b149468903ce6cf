using System.Collections.Immutable;

namespace DumpLock.Model;

/// <summary>One stack frame. <see cref="File"/> and <see cref="Line"/> are null without symbols.</summary>
public sealed record Frame(
    string Method,
    string? Module,
    string? File,
    int? Line,
    ImmutableArray<FrameAnnotation> Annotations)
{
    public Frame(string method, string? module = null, string? file = null, int? line = null)
        : this(method, module, file, line, ImmutableArray<FrameAnnotation>.Empty) { }

    /// <summary>The source file at the commit it was built from, through the PDB's SourceLink map (null without one).</summary>
    public string? SourceUrl { get; init; }
}
