using CommandLine;

namespace DumpLock.Cli;

[Verb("analyze", HelpText = "Read a dump and report threads, locks, deadlocks and blocking chains.")]
internal sealed class AnalyzeOptions : ICommonOptions
{
    [Value(0, MetaName = "DUMP", HelpText = "The core dump to analyse (also .zst or .gz).")]
    public string? Dump { get; set; }

    [Option("pid", HelpText = "Analyse a live process instead of a dump: attach, suspend, read, detach.")]
    public int? Pid { get; set; }

    [Option('f', "format", Default = "text", HelpText = "Report format: text (default), json, or markdown (for a ticket).")]
    public string Format { get; set; } = "text";

    [Option("dac", HelpText = "The libmscordaccore.so of the dump's runtime, when it is neither installed nor in the NuGet cache.")]
    public string? Dac { get; set; }

    [Option("deep", HelpText = "Walk the whole heap for pending async flows even when a deadlock or starvation already explains the hang " +
        "(without it, the walk happens only when nothing else does).")]
    public bool Deep { get; set; }

    [Option("timeout", Default = 300, HelpText = "Give up on a dump that takes longer than this many seconds to read (a damaged one).")]
    public int TimeoutSeconds { get; set; } = 300;

    public bool Verbose { get; set; }

    public ReportFormat ReportFormat => Choices.Parse<ReportFormat>("format", Format);
}

internal enum ReportFormat
{
    Text,
    Json,
    Markdown,
}
