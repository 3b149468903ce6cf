namespace DumpLock.Reporting;

/// <summary>Where a person reads a frame's source: the SourceLink URL, as a page at the frame's line.</summary>
internal static class SourceLinks
{
    private const string RawGitHub = "https://raw.githubusercontent.com/";

    /// <summary>
    /// GitHub's SourceLink maps to raw files ("raw.githubusercontent.com/owner/repo/commit/path"),
    /// which show no line; the same file's page at that commit ("github.com/owner/repo/blob/commit/path#L42") does.
    /// Other hosts' URLs are kept, with the line as a fragment.
    /// </summary>
    public static string? PageOf(Model.Frame frame)
    {
        if (frame.SourceUrl is not string url)
        {
            return null;
        }
        string line = frame.Line is int at ? $"#L{at}" : "";
        string[] parts = url.StartsWith(RawGitHub, StringComparison.Ordinal) ? url[RawGitHub.Length..].Split('/', 4) : [];
        return parts.Length == 4 ? $"https://github.com/{parts[0]}/{parts[1]}/blob/{parts[2]}/{parts[3]}{line}" : url + line;
    }
}
