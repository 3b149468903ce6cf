using DumpLock.Reading.Elf;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading.Dac;

/// <summary>
/// Finds the DAC (libmscordaccore.so) that matches the runtime in a dump. The DAC is native code
/// that runs in our process, so it is only ever loaded from places we trust, in this order: the
/// path the user gave; an installed shared runtime; a runtime pack in the local NuGet cache. A
/// directory matches when its libcoreclr.so has the dump's libcoreclr build-id (a runtime pack
/// ships the very same build as the installed runtime). Never from beside the dump.
/// </summary>
internal static class DacLocator
{
    private const string DacName = "libmscordaccore.so";
    private const string RuntimePackId = "microsoft.netcore.app.runtime.linux-x64";

    public static string? Find(ClrInfo clr, string? userDac)
    {
        byte[] buildId = [.. clr.BuildId];
        if (userDac is not null)
        {
            return Checked(userDac, buildId);
        }
        return buildId.Length == 0 ? null : CandidateDirectories()
            .Where(dir => File.Exists(Path.Combine(dir, DacName)))
            .FirstOrDefault(dir => ElfBuildId.Read(Path.Combine(dir, "libcoreclr.so"))?.AsSpan().SequenceEqual(buildId) == true)
            is { } match ? Path.Combine(match, DacName) : null;
    }

    /// <summary>
    /// A DAC runs as native code in our process and must be the very build that wrote the dump: the
    /// libcoreclr.so beside it must carry the dump's libcoreclr build-id, as for the DACs found here.
    /// </summary>
    private static string Checked(string userDac, byte[] dumpBuildId)
    {
        if (!File.Exists(userDac))
        {
            throw new DumpLockException($"the DAC given with --dac, '{userDac}', does not exist");
        }
        string coreclr = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(userDac))!, "libcoreclr.so");
        byte[]? besideId = File.Exists(coreclr) ? ElfBuildId.Read(coreclr) : null;
        string dumpId = Convert.ToHexStringLower(dumpBuildId);
        if (besideId is null)
        {
            throw new DumpLockException($"the DAC given with --dac, '{userDac}', cannot be checked against the dump: there is no readable " +
                $"libcoreclr.so beside it; give the libmscordaccore.so of the runtime directory or pack whose libcoreclr.so has build-id {dumpId}");
        }
        if (!besideId.AsSpan().SequenceEqual(dumpBuildId))
        {
            throw new DumpLockException($"the DAC given with --dac, '{userDac}', is for another runtime build: the libcoreclr.so beside it has " +
                $"build-id {Convert.ToHexStringLower(besideId)}, the dump's has {dumpId}");
        }
        return Path.GetFullPath(userDac);
    }

    /// <summary>The runtime pack directory the NuGet cache holds for a version, whether or not it exists.</summary>
    public static string RuntimePackDirectory(string version) =>
        Path.Combine(NuGetPackagesRoot(), RuntimePackId, version.ToLowerInvariant(), "runtimes", "linux-x64", "native");

    private static IEnumerable<string> CandidateDirectories()
    {
        foreach (string root in DotNetRoots().Distinct())
        {
            string shared = Path.Combine(root, "shared", "Microsoft.NETCore.App");
            if (Directory.Exists(shared))
            {
                foreach (string dir in Directory.EnumerateDirectories(shared))
                {
                    yield return dir;
                }
            }
        }
        string packs = Path.Combine(NuGetPackagesRoot(), RuntimePackId);
        if (Directory.Exists(packs))
        {
            foreach (string version in Directory.EnumerateDirectories(packs))
            {
                yield return Path.Combine(version, "runtimes", "linux-x64", "native");
            }
        }
    }

    private static IEnumerable<string> DotNetRoots()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root)
        {
            yield return root;
        }
        // The runtime running DumpLock sits in <root>/shared/Microsoft.NETCore.App/<version>/.
        yield return Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        yield return "/usr/share/dotnet";
        yield return "/usr/lib/dotnet";
    }

    private static string NuGetPackagesRoot() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
            ? packages
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
