using CommandLine;
using CommandLine.Text;
using DumpLock.Collection;

namespace DumpLock.Cli;

[Verb("collect", HelpText = "Ask a running .NET process to write a dump of itself, for analyze (here or on another machine).")]
internal sealed class CollectOptions : ICommonOptions
{
    [Usage(ApplicationAlias = "dumplock")]
    public static IEnumerable<Example> Examples =>
    [
        HelpScreens.Example("Dump a process (writes core.1234)", new CollectOptions { Pid = 1234 }),
        HelpScreens.Example("Dump it by name, compressed for a ticket", new CollectOptions { Name = "Shop.Api", Compress = true }),
    ];

    [Value(0, MetaName = "PID", HelpText = "The process to dump.")]
    public int? Pid { get; set; }

    [Option("name", MetaValue = "NAME", HelpText = "The process to dump, by name (its executable's, or the app's for 'dotnet app.dll').")]
    public string? Name { get; set; }

    [Option('o', "output", MetaValue = "FILE", HelpText = "Where to write the dump (default: core.<PID>, or core.<PID>.zst, in the current directory).")]
    public string? Output { get; set; }

    [Option("type", Default = "heap", MetaValue = "TYPE", HelpText = "Dump type: heap (default; what analyze needs), mini, triage or full.")]
    public string Type { get; set; } = "heap";

    [Option("compress", HelpText = "Write a zstd-compressed dump (core.<PID>.zst), 30-40 times smaller; analyze reads it as is.")]
    public bool Compress { get; set; }

    [Option('q', "quiet", HelpText = "No progress on stderr (there is none either when stderr is not a terminal).")]
    public bool Quiet { get; set; }

    [Option("force", HelpText = "Overwrite the output file if it exists.")]
    public bool Force { get; set; }

    public bool Verbose { get; set; }

    public DumpKind Kind => Choices.Parse<DumpKind>("type", Type);

    public void Validate()
    {
        _ = Kind;
        Choices.Require(Pid is null or > 0, $"the PID must be a process id, not {Pid}");
    }

    public int TargetPid => ProcessLocator.Target(Pid, Name);
}
