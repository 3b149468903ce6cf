namespace DumpLock.EndToEnd.Tests;

/// <summary>Where the built CLI and scenarios are, found from the test assembly's location.</summary>
internal static class RepoPaths
{
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    public static string Root { get; } = FindRoot();

    /// <summary>The shipped build: the CLI compiled with NativeAOT, which this project's build publishes.</summary>
    public static string Cli => Path.Combine(Root, "artifacts", "aot", "dumplock");

    /// <summary>The same CLI as a plain build, run with <c>dotnet</c>: it must say exactly what <see cref="Cli"/> says.</summary>
    public static string JitCli => Path.Combine(Root, "src", "DumpLock.Cli", "bin", Configuration, "net10.0", "dumplock.dll");

    public static string Scenario(string name) =>
        Path.Combine(Root, "dumps-fixtures", name, "bin", Configuration, "net10.0", $"{name}.dll");

    /// <summary>A scenario's self-contained program for a runtime major version (dumps-fixtures/Publish.proj).</summary>
    public static string PublishedScenario(string name, string runtime) =>
        Path.Combine(Root, "dumps-fixtures", "out", runtime, name);

    /// <summary>A scenario published as one single-file executable (dumps-fixtures/Publish.proj, PublishPackaged).</summary>
    public static string SingleFileScenario(string name, string runtime) =>
        Path.Combine(Root, "dumps-fixtures", "out", "single-file", runtime, name);

    /// <summary>A scenario compiled with NativeAOT (dumps-fixtures/Publish.proj, PublishPackaged).</summary>
    public static string NativeAotScenario(string name) => Path.Combine(Root, "dumps-fixtures", "out", "native-aot", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DumpLock.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"DumpLock.sln not found above {AppContext.BaseDirectory}");
    }
}
