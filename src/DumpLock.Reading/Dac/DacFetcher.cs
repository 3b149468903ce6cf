using System.Diagnostics;

namespace DumpLock.Reading.Dac;

/// <summary>
/// <c>dumplock dac fetch &lt;version&gt;</c>: restores the runtime pack
/// Microsoft.NETCore.App.Runtime.linux-x64 of that version from the configured NuGet feeds into the
/// local NuGet cache, where <see cref="DacLocator"/> finds its libmscordaccore.so. The restore is
/// done by the SDK itself, through a throw-away project, so feeds, credentials and proxies are the
/// user's own.
/// </summary>
public static class DacFetcher
{
    public static string Fetch(string version)
    {
        if (!Version.TryParse(version, out Version? parsed) || parsed.Build < 0)
        {
            throw new DumpLockException($"\"{version}\" is not a runtime version; give one like 8.0.29");
        }
        string dac = Path.Combine(DacLocator.RuntimePackDirectory(version), "libmscordaccore.so");
        if (File.Exists(dac))
        {
            return dac;
        }
        string project = Directory.CreateTempSubdirectory("dumplock-dac-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(project, "fetch.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><TargetFramework>netstandard2.0</TargetFramework></PropertyGroup>
                  <ItemGroup><PackageDownload Include="Microsoft.NETCore.App.Runtime.linux-x64" Version="[{version}]" /></ItemGroup>
                </Project>
                """);
            Restore(project, version);
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
        return File.Exists(dac) ? dac
            : throw new DumpLockException($"the runtime pack {version} was restored but holds no libmscordaccore.so");
    }

    private static void Restore(string project, string version)
    {
        var start = new ProcessStartInfo("dotnet", ["restore", project, "--verbosity", "quiet"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start)
            ?? throw new DumpLockException("cannot start 'dotnet restore': is the .NET SDK on PATH?");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            string why = (output.Result + errors.Result).Split('\n').FirstOrDefault(l => l.Contains("error", StringComparison.Ordinal))?.Trim()
                ?? $"dotnet restore exited with {process.ExitCode}";
            throw new DumpLockException($"cannot restore Microsoft.NETCore.App.Runtime.linux-x64 {version} from the NuGet feeds: {why}");
        }
    }
}
