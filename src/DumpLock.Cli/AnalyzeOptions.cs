using CommandLine;
using CommandLine.Text;

namespace DumpLock.Cli;

[Verb("analyze", HelpText = "Read a dump (or a live process) and say why it hangs: deadlocks, starvation, blocking chains, every stack.")]
internal sealed class AnalyzeOptions : ICommonOptions
{
    [Usage(ApplicationAlias = "dumplock")]
    public static IEnumerable<Example> Examples =>
    [
        HelpScreens.Example("Analyse a dump", new AnalyzeOptions { Dump = "core.1234" }),
        HelpScreens.Example("Write the report for a ticket", new AnalyzeOptions { Dump = "core.1234.zst", Format = "markdown" }),
        HelpScreens.Example("Analyse a running process (suspends it briefly)", new AnalyzeOptions { Pid = 1234 }),
    ];

    [Value(0, MetaName = "DUMP", HelpText = "The core dump to analyse (also .zst or .gz).")]
    public string? Dump { get; set; }

    [Option("pid", MetaValue = "PID", HelpText = "Analyse a live process instead of a dump: attach, suspend, read, detach.")]
    public int? Pid { get; set; }

    [Option('f', "format", Default = "text", MetaValue = "FORMAT", HelpText = "Report format: text (default), json, or markdown (for a ticket).")]
    public string Format { get; set; } = "text";

    [Option("dac", MetaValue = "FILE", HelpText = "The libmscordaccore.so of the dump's runtime, when it is neither installed nor in the NuGet cache.")]
    public string? Dac { get; set; }

    [Option("deep", HelpText = "Walk the whole heap for pending async flows even when a deadlock or starvation already explains the hang " +
        "(without it, the walk happens only when nothing else does).")]
    public bool Deep { get; set; }

    [Option("timeout", Default = 300, MetaValue = "SECONDS", HelpText = "Give up on a dump that takes longer than this many seconds to read (a damaged one).")]
    public int TimeoutSeconds { get; set; } = 300;

    [Option("all-threads", HelpText = "Show every thread's stack on its own (by default identical stacks are shown once, with their threads).")]
    public bool AllThreads { get; set; }

    [Option("symbols", MetaValue = "DIR", HelpText = "Also look for PDBs here: a plain directory, or a symbol store (<name>.pdb/<id>/<name>.pdb).")]
    public string? Symbols { get; set; }

    public bool Verbose { get; set; }

    public ReportFormat ReportFormat => Choices.Parse<ReportFormat>("format", Format);

    /// <summary>Checks what the parser cannot: one line naming the option, before any work starts.</summary>
    public void Validate()
    {
        _ = ReportFormat;
        Choices.Require(Pid is null or > 0, $"--pid must be a process id, not {Pid}");
        Choices.Require(TimeoutSeconds is > 0 and <= Choices.MaxSeconds,
            $"--timeout must be a number of seconds from 1 to {Choices.MaxSeconds}, not {TimeoutSeconds}");
        Choices.Require(Dac is null || File.Exists(Dac), $"--dac: no such file: {Dac}");
        Choices.Require(Symbols is null || Directory.Exists(Symbols), $"--symbols: no such directory: {Symbols}");
    }
}

internal enum ReportFormat
{
    Text,
    Json,
    Markdown,
}
