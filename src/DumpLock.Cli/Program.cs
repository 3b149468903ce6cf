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
    public static int Main(string[] args)
    {
        using var parser = new Parser(settings =>
        {
            settings.CaseInsensitiveEnumValues = true;
            settings.IgnoreUnknownArguments = false;
            settings.HelpWriter = Console.Error;
        });
        ParserResult<object> result = parser.ParseArguments<CollectOptions, AnalyzeOptions, DacOptions>(args);
        if (result is NotParsed<object> notParsed)
        {
            bool askedForHelp = notParsed.Errors.All(e => e.Tag is ErrorType.HelpRequestedError or ErrorType.HelpVerbRequestedError or ErrorType.VersionRequestedError);
            return (int)(askedForHelp ? ExitCode.NoDeadlock : ExitCode.CouldNotAnalyze);
        }

        var options = (ICommonOptions)result.Value;
        try
        {
            return (int)(options switch
            {
                CollectOptions collect => Collect(collect),
                AnalyzeOptions analyze => Analyze(analyze),
                DacOptions dac => FetchDac(dac),
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
        CollectResult result = DumpCollector.Collect(options.Pid, options.Output, options.Kind, options.Force, options.Compress);
        Console.WriteLine($"Wrote {result.Path} ({result.SizeBytes / (1024.0 * 1024.0):0.0} MB) in {result.Elapsed.TotalSeconds:0.00} s");
        return ExitCode.NoDeadlock;
    }

    private static ExitCode Analyze(AnalyzeOptions options)
    {
        IReporter reporter = options.ReportFormat switch
        {
            ReportFormat.Json => new JsonReporter(),
            ReportFormat.Markdown => new MarkdownReporter(),
            _ => new TextReporter(),
        };
        Snapshot snapshot = SnapshotReader.Read(options.Dump, options.Dac);
        Findings findings = WaitForGraph.Analyze(snapshot);
        foreach (string warning in snapshot.Warnings)
        {
            Console.Error.WriteLine($"dumplock: warning: {warning}");
        }
        reporter.Write(snapshot, findings, Console.Out);
        return findings.ExitCode;
    }

    private static ExitCode FetchDac(DacOptions options)
    {
        if (options.Action != "fetch")
        {
            throw new DumpLockException($"The provided action \"{options.Action}\" is invalid. Available options are: fetch.");
        }
        Console.WriteLine(DacFetcher.Fetch(options.Version));
        return ExitCode.NoDeadlock;
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
