using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading.SourceLines;

/// <summary>
/// Finds the portable PDB of a module and opens it only when its id matches the one the module
/// records: after a rebuild, a PDB beside the binary describes other code and gives wrong lines.
/// Search order: beside the module, embedded in it, the symbol directory the user gave (--symbols),
/// then the build-time path the module records.
/// </summary>
internal static class PdbLocator
{
    public static MetadataReaderProvider? Open(ClrModule module, string? symbolDirectory)
    {
        if (module.Pdb is not { } pdb || string.IsNullOrEmpty(module.Name))
        {
            return null;
        }
        string besideModule = Path.ChangeExtension(module.Name, ".pdb");
        return OpenFile(besideModule, pdb.Guid)
            ?? OpenEmbedded(module.Name, pdb.Guid)
            ?? InSymbolDirectory(symbolDirectory, Path.GetFileName(string.IsNullOrEmpty(pdb.Path) ? besideModule : pdb.Path), pdb.Guid)
            ?? (string.IsNullOrEmpty(pdb.Path) || pdb.Path == besideModule ? null : OpenFile(pdb.Path, pdb.Guid));
    }

    /// <summary>
    /// A plain directory (<c>DIR/Shop.pdb</c>) or a symbol store, whose key for a portable PDB is its
    /// id as 32 hex digits and an age of FFFFFFFF (<c>DIR/shop.pdb/&lt;id&gt;FFFFFFFF/shop.pdb</c>; stores
    /// differ in case, so names are compared ignoring it). Either way the id must match.
    /// </summary>
    private static MetadataReaderProvider? InSymbolDirectory(string? directory, string pdbName, Guid id)
    {
        if (directory is null || !Directory.Exists(directory))
        {
            return null;
        }
        string key = id.ToString("N");
        var storeEntries = Directory.EnumerateDirectories(directory)
            .Where(d => string.Equals(Path.GetFileName(d), pdbName, StringComparison.OrdinalIgnoreCase))
            .SelectMany(Directory.EnumerateDirectories)
            .Where(d => Path.GetFileName(d).StartsWith(key, StringComparison.OrdinalIgnoreCase))
            .SelectMany(Directory.EnumerateFiles)
            .Where(f => string.Equals(Path.GetFileName(f), pdbName, StringComparison.OrdinalIgnoreCase));
        return storeEntries.Prepend(Path.Combine(directory, pdbName))
            .Select(path => OpenFile(path, id))
            .FirstOrDefault(provider => provider is not null);
    }

    private static MetadataReaderProvider? OpenFile(string path, Guid expectedId)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            var provider = MetadataReaderProvider.FromPortablePdbStream(File.OpenRead(path));
            return Matches(provider, expectedId) ? provider : Discard(provider);
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static MetadataReaderProvider? OpenEmbedded(string modulePath, Guid expectedId)
    {
        if (!File.Exists(modulePath))
        {
            return null;
        }
        try
        {
            using var pe = new PEReader(File.OpenRead(modulePath));
            foreach (DebugDirectoryEntry entry in pe.ReadDebugDirectory())
            {
                if (entry.Type == DebugDirectoryEntryType.EmbeddedPortablePdb)
                {
                    var provider = pe.ReadEmbeddedPortablePdbDebugDirectoryData(entry);
                    return Matches(provider, expectedId) ? provider : Discard(provider);
                }
            }
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or UnauthorizedAccessException)
        {
        }
        return null;
    }

    private static bool Matches(MetadataReaderProvider provider, Guid expectedId)
    {
        MetadataReader reader = provider.GetMetadataReader();
        return reader.DebugMetadataHeader is { } header && new BlobContentId(header.Id).Guid == expectedId;
    }

    private static MetadataReaderProvider? Discard(MetadataReaderProvider provider)
    {
        provider.Dispose();
        return null;
    }
}
