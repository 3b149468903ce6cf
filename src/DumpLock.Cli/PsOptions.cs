using CommandLine;

namespace DumpLock.Cli;

[Verb("ps", HelpText = "List the .NET processes this user can dump.")]
internal sealed class PsOptions : ICommonOptions
{
    public bool Verbose { get; set; }
}
