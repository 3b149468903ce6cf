using CommandLine;
using CommandLine.Text;
using DumpLock.Collection;

namespace DumpLock.Cli;

[Verb("watch", HelpText = "Check a live .NET process at an interval; when it deadlocks or starves, write its dump and a Markdown report.")]
internal sealed class WatchOptions : ICommonOptions
{
    [Usage(ApplicationAlias = "dumplock")]
    public static IEnumerable<Example> Examples =>
    [
        HelpScreens.Example("Watch a process; on a hang, write core.1234 and core.1234.md here", new WatchOptions { Pid = 1234 }),
        HelpScreens.Example("Watch it by name, the dump compressed, into /var/tmp",
            new WatchOptions { Name = "Shop.Api", Output = "/var/tmp", Compress = true }),
    ];

    [Value(0, MetaName = "PID", HelpText = "The process to watch.")]
    public int? Pid { get; set; }

    [Option("name", MetaValue = "NAME", HelpText = "The process to watch, by name (its executable's, or the app's for 'dotnet app.dll').")]
    public string? Name { get; set; }

    [Option('o', "output", Default = ".", MetaValue = "DIR", HelpText = "The directory for the dump (core.<PID>, as collect names it) and its report (core.<PID>.md).")]
    public string Output { get; set; } = ".";

    [Option("compress", HelpText = "Write the dump zstd-compressed (core.<PID>.zst).")]
    public bool Compress { get; set; }

    [Option("interval", Default = 15.0, MetaValue = "SECONDS", HelpText = "Seconds between checks; each pauses the process while it is read (see the README).")]
    public double IntervalSeconds { get; set; } = 15.0;

    [Option("checks", Default = 2, MetaValue = "N", HelpText = "How many checks in a row must see the hang before it is dumped.")]
    public int Checks { get; set; } = 2;

    public bool Verbose { get; set; }

    public void Validate()
    {
        Choices.Require(Pid is null or > 0, $"the PID must be a process id, not {Pid}");
        Choices.Require(IntervalSeconds is > 0 and <= Choices.MaxSeconds,
            $"--interval must be a number of seconds above 0 and at most {Choices.MaxSeconds}, not {IntervalSeconds}");
        Choices.Require(Checks >= 1, $"--checks must be at least 1, not {Checks}");
        Choices.Require(Directory.Exists(Output), $"--output: no such directory: {Path.GetFullPath(Output)}");
    }

    public int TargetPid => ProcessLocator.Target(Pid, Name);
}
