using CommandLine;
using CommandLine.Text;

namespace DumpLock.Cli;

[Verb("ps", HelpText = "List the .NET processes this user can dump.")]
internal sealed class PsOptions : ICommonOptions
{
    [Usage(ApplicationAlias = "dumplock")]
    public static IEnumerable<Example> Examples => [HelpScreens.Example("List the processes collect can dump", new PsOptions())];

    public bool Verbose { get; set; }
}
