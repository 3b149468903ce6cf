using System.Reflection;
using System.Reflection.PortableExecutable;
using DumpLock.Reading;

namespace DumpLock.Core.Tests;

/// <summary>
/// The runtime's version comes from CoreLib's Win32 version resource, a kilobyte of the image, in a
/// dump as a file or as a loaded image. Checked against what reflection reads from the same
/// assembly's metadata: the AssemblyInformationalVersion attribute the compiler copied into the resource.
/// </summary>
public sealed class VersionResourceTests
{
    private static readonly Dictionary<string, Assembly> s_assemblies = new()
    {
        ["CoreLib"] = typeof(object).Assembly, // ReadyToRun-compiled by the runtime's build
        ["DumpLock.Reading"] = typeof(VersionResource).Assembly, // compiled by Roslyn here
    };

    public static TheoryData<string> Assemblies => [.. s_assemblies.Keys];

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void ProductVersionOfAFileLayoutImageIsTheInformationalVersion(string assembly)
    {
        using FileStream image = File.OpenRead(s_assemblies[assembly].Location);

        Assert.Equal(InformationalVersion(assembly), VersionResource.Read(image, isLoadedImage: false, "ProductVersion"));
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void ProductVersionOfALoadedImageIsTheInformationalVersion(string assembly)
    {
        using var image = new MemoryStream(LoadedLayout(s_assemblies[assembly].Location));

        Assert.Equal(InformationalVersion(assembly), VersionResource.Read(image, isLoadedImage: true, "ProductVersion"));
    }

    [Fact]
    public void AnImageReadInTheWrongLayoutGivesNoVersion()
    {
        // CoreLib's sections sit 0x10000 further in memory than in the file: the other layout's
        // offsets point elsewhere, and nothing there parses as a version resource.
        string path = typeof(object).Assembly.Location;
        using var loaded = new MemoryStream(LoadedLayout(path));

        Assert.Null(VersionResource.Read(loaded, isLoadedImage: false, "ProductVersion"));
    }

    [Fact]
    public void AKeyTheResourceDoesNotHaveGivesNull()
    {
        using FileStream image = File.OpenRead(typeof(object).Assembly.Location);

        Assert.Null(VersionResource.Read(image, isLoadedImage: false, "NoSuchKey"));
    }

    [Fact]
    public void BytesThatAreNotAnImageGiveNull()
    {
        using var text = new MemoryStream("not a PE image at all, just text"u8.ToArray());

        Assert.Null(VersionResource.Read(text, isLoadedImage: false, "ProductVersion"));
    }

    private static string? InformationalVersion(string assembly) =>
        s_assemblies[assembly].GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    /// <summary>The image as the loader lays it out: headers, then each section's raw data at its virtual address.</summary>
    private static byte[] LoadedLayout(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        var headers = new PEHeaders(new MemoryStream(file));
        var image = new byte[headers.PEHeader!.SizeOfImage];
        file.AsSpan(0, headers.PEHeader.SizeOfHeaders).CopyTo(image);
        foreach (SectionHeader section in headers.SectionHeaders)
        {
            int length = Math.Min(section.SizeOfRawData, file.Length - section.PointerToRawData);
            file.AsSpan(section.PointerToRawData, length).CopyTo(image.AsSpan(section.VirtualAddress));
        }
        Assert.NotEqual(headers.SectionHeaders[0].PointerToRawData, headers.SectionHeaders[0].VirtualAddress);
        return image;
    }
}
