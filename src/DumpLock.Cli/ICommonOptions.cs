using CommandLine;

namespace DumpLock.Cli;

internal interface ICommonOptions
{
    [Option("verbose", HelpText = "Print the stack trace of unexpected errors.")]
    bool Verbose { get; set; }
}
