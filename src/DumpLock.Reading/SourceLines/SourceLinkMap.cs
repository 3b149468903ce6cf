using System.Reflection.Metadata;
using System.Text.Json;

namespace DumpLock.Reading.SourceLines;

/// <summary>
/// A PDB's SourceLink map: which URL serves each source file at the commit the module was built
/// from. The JSON maps build paths to URLs, a path ending in '*' to a URL with one '*' that takes
/// the rest of the path ("/src/shop/*" → "https://raw.githubusercontent.com/o/shop/&lt;commit&gt;/*").
/// </summary>
internal sealed class SourceLinkMap
{
    // The custom debug information kind of the module's SourceLink JSON (portable PDB format).
    private static readonly Guid s_sourceLink = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    private readonly List<(string Path, string Url)> _entries;

    private SourceLinkMap(List<(string Path, string Url)> entries) => _entries = entries;

    /// <summary>The module's map, or null when its PDB has none (or a malformed one).</summary>
    public static SourceLinkMap? Read(MetadataReader pdb)
    {
        try
        {
            foreach (CustomDebugInformationHandle handle in pdb.GetCustomDebugInformation(EntityHandle.ModuleDefinition))
            {
                CustomDebugInformation info = pdb.GetCustomDebugInformation(handle);
                if (pdb.GetGuid(info.Kind) != s_sourceLink)
                {
                    continue;
                }
                using JsonDocument json = JsonDocument.Parse(pdb.GetBlobBytes(info.Value));
                var entries = json.RootElement.GetProperty("documents").EnumerateObject()
                    .Where(p => p.Value.ValueKind == JsonValueKind.String)
                    .Select(p => (p.Name, p.Value.GetString()!))
                    .OrderByDescending(e => e.Name.Length)
                    .ToList();
                return new SourceLinkMap(entries);
            }
        }
        catch (Exception e) when (e is BadImageFormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
        }
        return null;
    }

    /// <summary>The URL of a source file, by the longest matching entry; null when none matches.</summary>
    public string? UrlOf(string file)
    {
        foreach ((string path, string url) in _entries)
        {
            if (path.EndsWith('*') && file.StartsWith(path[..^1], StringComparison.Ordinal))
            {
                return url.Replace("*", file[(path.Length - 1)..].Replace('\\', '/'), StringComparison.Ordinal);
            }
            if (file == path)
            {
                return url;
            }
        }
        return null;
    }
}
