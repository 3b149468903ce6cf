using System.Diagnostics.CodeAnalysis;
using CommandLine;
using DumpLock.Analysis;
using DumpLock.Collection;
using DumpLock.Model;
using DumpLock.Reading;
using DumpLock.Reading.Dac;
using DumpLock.Reporting;

namespace DumpLock.Cli;

/// <summary>
/// The only code that knows the console. Parses, calls the stages, and maps every failure to one
/// line on stderr and exit code 2.
/// </summary>
internal static class Program
{
    private const DynamicallyAccessedMemberTypes Kept = DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicConstructors;

    // CommandLineParser creates and fills the options by reflection, --verbose through their
    // interface: a trimmed (NativeAOT) build must keep those members.
    [DynamicDependency(Kept, typeof(CollectOptions))]
    [DynamicDependency(Kept, typeof(AnalyzeOptions))]
    [DynamicDependency(Kept, typeof(PsOptions))]
    [DynamicDependency(Kept, typeof(DacOptions))]
    [DynamicDependency(Kept, typeof(WatchOptions))]
    [DynamicDependency(Kept, typeof(ICommonOptions))]
    public static int Main(string[] args)
    {
        // Both spellings print the version to stdout, where scripts read it.
        if (args is ["--version"] or ["version"])
        {
            Console.WriteLine($"{ToolInfo.Name} {ToolInfo.Version}");
            return (int)ExitCode.NoHangFound;
        }
        using var parser = new Parser(settings =>
        {
            settings.CaseInsensitiveEnumValues = true;
            settings.IgnoreUnknownArguments = false;
            settings.HelpWriter = null;
        });
        // "help analyze" is "analyze --help": the parser's help verb names the verb but not its options.
        string[] arguments = args is ["help", string verb] ? [verb, "--help"] : args;
        ParserResult<object> result = parser.ParseArguments<CollectOptions, AnalyzeOptions, PsOptions, DacOptions, WatchOptions>(arguments);
        if (result is NotParsed<object>)
        {
            if (HelpScreens.Help(result) is string help)
            {
                Console.Write(help);
                return (int)ExitCode.NoHangFound;
            }
            HelpScreens.Errors(result).Distinct().ToList().ForEach(error => Console.Error.WriteLine($"dumplock: {error}"));
            return (int)ExitCode.CouldNotAnalyze;
        }

        var options = (ICommonOptions)result.Value;
        try
        {
            return (int)(options switch
            {
                CollectOptions collect => Collect(collect),
                AnalyzeOptions analyze => Analyze(analyze),
                PsOptions => ListProcesses(),
                DacOptions dac => FetchDac(dac),
                WatchOptions watch => HangWatcher.Run(watch, Console.Out, Console.Error),
                _ => throw new InvalidOperationException($"no command for {options.GetType().Name}"),
            });
        }
        catch (DumpLockException e)
        {
            return Fail(e.Message, options.Verbose ? e : null);
        }
        catch (Exception e)
        {
            return Fail($"unexpected error: {e.GetType().Name}: {e.Message} (run with --verbose for details)", options.Verbose ? e : null);
        }
    }

    private static ExitCode Collect(CollectOptions options)
    {
        options.Validate();
        bool showProgress = !options.Quiet && !Console.IsErrorRedirected;
        CollectResult result = DumpCollector.Collect(options.TargetPid, options.Output, options.Kind, options.Force, options.Compress,
            showProgress ? (bytes, elapsed) => Console.Error.Write($"\rwriting dump: {bytes / (1024.0 * 1024.0),8:0.0} MB, {elapsed.TotalSeconds,5:0.0} s") : null,
            notice => Console.Error.WriteLine($"dumplock: {notice}"));
        if (showProgress)
        {
            Console.Error.Write("\r\u001b[K");
        }
        Console.WriteLine($"Wrote {result.Path} ({result.SizeBytes / (1024.0 * 1024.0):0.0} MB) in {result.Elapsed.TotalSeconds:0.00} s");
        return ExitCode.NoHangFound;
    }

    private static ExitCode Analyze(AnalyzeOptions options)
    {
        options.Validate();
        IReporter reporter = options.ReportFormat switch
        {
            ReportFormat.Json => new JsonReporter(),
            ReportFormat.Markdown => new MarkdownReporter(options.AllThreads),
            _ => new TextReporter(options.AllThreads),
        };
        var readOptions = new ReadOptions(options.Dac, options.Deep, progress => Console.Error.WriteLine($"dumplock: {progress}"))
        {
            SymbolDirectory = options.Symbols,
        };
        Func<Snapshot> read = (options.Dump, options.Pid) switch
        {
            (string dump, null) => () => SnapshotReader.Read(dump, readOptions),
            (null, int pid) => () => SnapshotReader.ReadProcess(pid, readOptions),
            _ => throw new DumpLockException("give either a dump file or --pid, not both and not neither"),
        };
        // A damaged dump must never hang an incident: reading runs on a background thread, and
        // returning from Main ends the process even if that thread is stuck in ClrMD.
        Task<Snapshot> reading = Task.Run(read);
        if (Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(options.TimeoutSeconds))).Result != reading)
        {
            throw new DumpLockException($"reading took more than {options.TimeoutSeconds} s, so the dump is likely damaged; " +
                "give a larger --timeout if it is just very large");
        }
        Snapshot snapshot = reading.GetAwaiter().GetResult();
        Findings findings = WaitForGraph.Analyze(snapshot);
        foreach (string warning in WaitPhrases.Plain.Warnings(snapshot))
        {
            Console.Error.WriteLine($"dumplock: warning: {warning}");
        }
        // One buffered writer: Console.Out flushes every line, which costs more than writing a long report.
        using (var stdout = new StreamWriter(Console.OpenStandardOutput(), bufferSize: 1 << 16))
        {
            reporter.Write(snapshot, findings, stdout);
        }
        return findings.ExitCode;
    }

    private static ExitCode ListProcesses()
    {
        Console.WriteLine($"{"PID",7}  {"NAME",-16}  COMMAND");
        foreach (DotNetProcess process in ProcessLocator.List())
        {
            Console.WriteLine($"{process.Pid,7}  {process.Name,-16}  {process.CommandLine}");
        }
        return ExitCode.NoHangFound;
    }

    private static ExitCode FetchDac(DacOptions options)
    {
        if (options.Action != "fetch")
        {
            throw new DumpLockException($"The provided action \"{options.Action}\" is invalid. Available options are: fetch.");
        }
        Console.WriteLine(DacFetcher.Fetch(options.Version));
        return ExitCode.NoHangFound;
    }

    private static int Fail(string message, Exception? details)
    {
        Console.Error.WriteLine($"dumplock: {message}");
        if (details is not null)
        {
            Console.Error.WriteLine(details);
        }
        return (int)ExitCode.CouldNotAnalyze;
    }
}
