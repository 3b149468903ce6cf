using CommandLine;
using DumpLock.Collection;

namespace DumpLock.Cli;

[Verb("collect", HelpText = "Ask a running .NET process to write a dump of itself.")]
internal sealed class CollectOptions : ICommonOptions
{
    [Value(0, MetaName = "PID", HelpText = "The process to dump.")]
    public int? Pid { get; set; }

    [Option("name", HelpText = "The process to dump, by name (its executable's, or the app's for 'dotnet app.dll').")]
    public string? Name { get; set; }

    [Option('o', "output", HelpText = "Where to write the dump (default: core.<PID>, or core.<PID>.zst, in the current directory).")]
    public string? Output { get; set; }

    [Option("type", Default = "heap", HelpText = "Dump type: heap (default; what analyze needs), mini, triage or full.")]
    public string Type { get; set; } = "heap";

    [Option("compress", HelpText = "Write a zstd-compressed dump (core.<PID>.zst), 30-40 times smaller; analyze reads it as is.")]
    public bool Compress { get; set; }

    [Option('q', "quiet", HelpText = "No progress on stderr (there is none either when stderr is not a terminal).")]
    public bool Quiet { get; set; }

    [Option("force", HelpText = "Overwrite the output file if it exists.")]
    public bool Force { get; set; }

    public bool Verbose { get; set; }

    public DumpKind Kind => Choices.Parse<DumpKind>("type", Type);

    public int TargetPid => ProcessLocator.Target(Pid, Name);
}
