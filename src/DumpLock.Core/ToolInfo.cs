using System.Reflection;

namespace DumpLock;

/// <summary>The tool's name and version as reports print them.</summary>
public static class ToolInfo
{
    public const string Name = "dumplock";

    /// <summary>The informational version without the "+commit" suffix the SDK appends.</summary>
    public static string Version { get; } =
        (typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? "0.0.0").Split('+')[0];
}
