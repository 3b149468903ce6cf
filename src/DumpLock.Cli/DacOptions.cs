using CommandLine;
using CommandLine.Text;

namespace DumpLock.Cli;

[Verb("dac", HelpText = "Manage the DACs that read dumps of other runtime versions: dac fetch <version>.")]
internal sealed class DacOptions : ICommonOptions
{
    [Usage(ApplicationAlias = "dumplock")]
    public static IEnumerable<Example> Examples =>
        [HelpScreens.Example("Fetch the DAC for dumps of .NET 8.0.29 (then analyze finds it)", new DacOptions { Action = "fetch", Version = "8.0.29" })];

    [Value(0, MetaName = "ACTION", Required = true, HelpText = "fetch: restore that version's runtime pack into the NuGet cache.")]
    public string Action { get; set; } = "";

    [Value(1, MetaName = "VERSION", Required = true, HelpText = "The runtime version of the dump, e.g. 8.0.29.")]
    public string Version { get; set; } = "";

    public bool Verbose { get; set; }
}
