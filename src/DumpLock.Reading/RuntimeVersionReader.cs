using System.Collections.Immutable;
using System.Reflection.Metadata;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading;

/// <summary>
/// The product version of the runtime in a dump ("10.0.12"). ClrMD reports 0.0 on Linux dumps (it
/// looks for the version string in a segment the dump does not hold), so read CoreLib's
/// AssemblyInformationalVersion from its metadata in dump memory instead.
/// </summary>
internal static class RuntimeVersionReader
{
    public static string? Read(DataTarget target, ClrRuntime runtime)
    {
        ClrModule corelib = runtime.BaseClassLibrary;
        if (corelib.MetadataAddress == 0 || corelib.MetadataLength is <= 0 or > 64 * 1024 * 1024)
        {
            return FromPath(runtime.ClrInfo.ModuleInfo.FileName);
        }
        byte[] bytes = new byte[corelib.MetadataLength];
        if (target.DataReader.Read(corelib.MetadataAddress, bytes) != bytes.Length)
        {
            return FromPath(runtime.ClrInfo.ModuleInfo.FileName);
        }
        try
        {
            using var provider = MetadataReaderProvider.FromMetadataImage(ImmutableArray.Create(bytes));
            return InformationalVersion(provider.GetMetadataReader()) ?? FromPath(runtime.ClrInfo.ModuleInfo.FileName);
        }
        catch (BadImageFormatException)
        {
            return FromPath(runtime.ClrInfo.ModuleInfo.FileName);
        }
    }

    /// <summary>
    /// The version as far as it can be told without a DAC: the runtime's directory name, else
    /// CoreLib's file version, whose build number is the patch times 100 (8.0.2926 is 8.0.29;
    /// a convention of the .NET build, seen on 8, 9 and 10).
    /// </summary>
    public static string? BeforeRuntime(DataTarget target, ClrInfo clr)
    {
        if (FromPath(clr.ModuleInfo.FileName) is { } version)
        {
            return version;
        }
        ModuleInfo? corelib = target.EnumerateModules()
            .FirstOrDefault(m => Path.GetFileName(m.FileName) == "System.Private.CoreLib.dll");
        return corelib?.Version is { Major: > 0 } v ? $"{v.Major}.{v.Minor}.{v.Build / 100}" : null;
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
