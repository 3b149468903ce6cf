using CommandLine;
using DumpLock.Collection;

namespace DumpLock.Cli;

[Verb("watch", HelpText = "Check a live .NET process at an interval; when it deadlocks or starves, write its dump and a Markdown report.")]
internal sealed class WatchOptions : ICommonOptions
{
    [Value(0, MetaName = "PID", HelpText = "The process to watch.")]
    public int? Pid { get; set; }

    [Option("name", HelpText = "The process to watch, by name (its executable's, or the app's for 'dotnet app.dll').")]
    public string? Name { get; set; }

    [Option('o', "output", Default = ".", HelpText = "The directory for the dump (core.<PID>, as collect names it) and its report (core.<PID>.md).")]
    public string Output { get; set; } = ".";

    [Option("compress", HelpText = "Write the dump zstd-compressed (core.<PID>.zst).")]
    public bool Compress { get; set; }

    [Option("interval", Default = 15.0, HelpText = "Seconds between checks; each pauses the process while it is read (see the README).")]
    public double IntervalSeconds { get; set; } = 15.0;

    [Option("checks", Default = 2, HelpText = "How many checks in a row must see the hang before it is dumped.")]
    public int Checks { get; set; } = 2;

    public bool Verbose { get; set; }

    public int TargetPid => ProcessLocator.Target(Pid, Name);
}
