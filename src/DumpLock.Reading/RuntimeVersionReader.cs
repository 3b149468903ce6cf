using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading;

/// <summary>
/// The product version of the runtime in a dump ("10.0.12"), read without the DAC so that the
/// error for a missing DAC can name it. ClrMD reports 0.0 on Linux dumps (it looks for the version
/// string in a segment the dump does not hold), so read CoreLib's AssemblyInformationalVersion
/// from its image in dump memory; fall back to the runtime's directory name. A single-file app
/// has neither (CoreLib is inside the bundle, the runtime inside the executable), but its dump is
/// a full one, where ClrMD does find the runtime's file version.
/// </summary>
internal static class RuntimeVersionReader
{
    public static string? Read(DataTarget target, ClrInfo clr) =>
        FromCoreLibImage(target) ?? FromPath(clr.ModuleInfo.FileName) ?? FromFileVersion(clr.Version);

    /// <summary>
    /// The runtime's file version numbers its build patch * 100 + the build year's last digits:
    /// 10.0.1226.42308 is 10.0.12, 11.0.26.53018 is 11.0.0.
    /// </summary>
    public static string? FromFileVersion(Version fileVersion) =>
        fileVersion.Major > 0 && fileVersion.Build >= 0 ? $"{fileVersion.Major}.{fileVersion.Minor}.{fileVersion.Build / 100}" : null;

    /// <remarks>
    /// CoreLib can be mapped twice, once as a flat file and once laid out as a loaded image, and
    /// the dump does not say which is which: try each mapping in both layouts. The version resource
    /// carries the informational version in a kilobyte; the metadata (megabytes) is the fallback.
    /// </remarks>
    private static string? FromCoreLibImage(DataTarget target)
    {
        var images = target.EnumerateModules()
            .Where(m => Path.GetFileName(m.FileName) == "System.Private.CoreLib.dll" && m.ImageSize > 0)
            .SelectMany(m => new[] { true, false }.Select(isLoadedImage => (Module: m, IsLoadedImage: isLoadedImage)))
            .ToList();
        return images.Select(i => FromVersionResource(target, i.Module, i.IsLoadedImage)).FirstOrDefault(v => v is not null)
            ?? images.Select(i => FromMetadata(target, i.Module, i.IsLoadedImage)).FirstOrDefault(v => v is not null);
    }

    private static string? FromVersionResource(DataTarget target, ModuleInfo corelib, bool isLoadedImage)
    {
        using var image = new DumpMemoryStream(target.DataReader, corelib.ImageBase, corelib.ImageSize);
        return VersionResource.Read(image, isLoadedImage, "ProductVersion") is { } version ? StripSuffix(version) : null;
    }

    private static string? FromMetadata(DataTarget target, ModuleInfo corelib, bool isLoadedImage)
    {
        try
        {
            using var image = new DumpMemoryStream(target.DataReader, corelib.ImageBase, corelib.ImageSize);
            using var pe = new PEReader(image, isLoadedImage ? PEStreamOptions.IsLoadedImage : PEStreamOptions.Default);
            return InformationalVersion(pe.GetMetadataReader());
        }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException or IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// The version directory of a framework-dependent runtime:
    /// /usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/libcoreclr.so. Self-contained paths carry none.
    /// </summary>
    public static string? FromPath(string? libcoreclrPath)
    {
        string? directory = Path.GetFileName(Path.GetDirectoryName(libcoreclrPath));
        return directory is not null && Version.TryParse(StripSuffix(directory), out _) ? StripSuffix(directory) : null;
    }

    private static string? InformationalVersion(MetadataReader reader)
    {
        foreach (CustomAttributeHandle handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            CustomAttribute attribute = reader.GetCustomAttribute(handle);
            if (AttributeTypeName(reader, attribute) != "AssemblyInformationalVersionAttribute")
            {
                continue;
            }
            BlobReader blob = reader.GetBlobReader(attribute.Value);
            blob.ReadUInt16(); // prolog 0x0001
            return blob.ReadSerializedString() is { } version ? StripSuffix(version) : null;
        }
        return null;
    }

    /// <summary>CoreLib defines the attribute types itself, so their constructors are method definitions.</summary>
    private static string? AttributeTypeName(MetadataReader reader, CustomAttribute attribute)
    {
        switch (attribute.Constructor.Kind)
        {
            case HandleKind.MethodDefinition:
                var method = reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor);
                return reader.GetString(reader.GetTypeDefinition(method.GetDeclaringType()).Name);
            case HandleKind.MemberReference:
                var member = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
                return member.Parent.Kind == HandleKind.TypeReference
                    ? reader.GetString(reader.GetTypeReference((TypeReferenceHandle)member.Parent).Name)
                    : null;
            default:
                return null;
        }
    }

    /// <summary>"10.0.12-servicing.26422.108+95017c7" → "10.0.12".</summary>
    private static string StripSuffix(string version) => version.Split('-', '+')[0];
}
