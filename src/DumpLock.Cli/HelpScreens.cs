using CommandLine;
using CommandLine.Text;

namespace DumpLock.Cli;

/// <summary>
/// What the CLI says when it does not run a command: help (stdout, exit 0) with usage lines,
/// examples and the exit codes, or one line per parse error (stderr, exit 2).
/// </summary>
internal static class HelpScreens
{
    private const string AnalyzeExitCodes = """
        Exit codes:
          0  no hang found (the verdict is ok or blocked)
          1  a deadlock or thread-pool starvation was found
          2  DumpLock could not analyse (bad input, missing DAC, unreadable dump)
          3  inconclusive: no hang found, but the analysis could not see everything it needs
        """;

    /// <summary>Each command's synopsis and what its exit codes mean; the top screen gets analyze's.</summary>
    private static (string Usage, string ExitCodes) Synopsis(string? verb) => verb switch
    {
        "analyze" => ("dumplock analyze <DUMP> | --pid PID [--format text|json|markdown] [--deep] [--all-threads] [--symbols DIR] [--dac FILE] [--timeout SECONDS]",
            AnalyzeExitCodes),
        "collect" => ("dumplock collect <PID> | --name NAME [-o FILE] [--type heap|mini|triage|full] [--compress] [--force] [--quiet]", """
            Exit codes:
              0  the dump was written
              2  no dump: no such process, not a .NET process this user can reach, or the file could not be written
            """),
        "watch" => ("dumplock watch <PID> | --name NAME [-o DIR] [--compress] [--interval SECONDS] [--checks N]", """
            Exit codes:
              0  the process ended and no hang was seen; nothing written
              1  a hang was caught: the dump and its report are written (then 0 or 3 if the dump's
                 own analysis no longer finds it; the report says what it found)
              2  could not watch (no such process, NativeAOT, another PID namespace) or write the dump
            """),
        "ps" => ("dumplock ps", """
            Exit codes:
              0  listed (possibly none)
              2  the processes could not be listed
            """),
        "dac" => ("dumplock dac fetch <VERSION>", """
            Exit codes:
              0  the DAC is in the NuGet cache; its path is printed
              2  no such runtime version, or NuGet could not restore it
            """),
        _ => ("dumplock COMMAND [OPTIONS]   (dumplock COMMAND --help for each command's options)", AnalyzeExitCodes),
    };

    /// <summary>The help the user asked for, or null when parsing failed for another reason.</summary>
    public static string? Help(ParserResult<object> result)
    {
        var errors = ((NotParsed<object>)result).Errors.ToList();
        if (!errors.All(e => e.Tag is ErrorType.HelpRequestedError or ErrorType.HelpVerbRequestedError))
        {
            return null;
        }
        string? verb = result.TypeInfo.Current.GetCustomAttributes(typeof(VerbAttribute), false) is [VerbAttribute v, ..] ? v.Name : null;
        bool verbChosen = verb is not null;
        var (usage, exitCodes) = Synopsis(verb);
        HelpText help = HelpText.AutoBuild(result, h =>
        {
            h.Heading = $"{ToolInfo.Name} {ToolInfo.Version}: why a .NET process hangs, from a dump";
            h.Copyright = string.Empty;
            h.AddDashesToOption = true;
            h.AdditionalNewLineAfterOption = false;
            h.AddEnumValuesToHelpText = false;
            h.AddPreOptionsLine($"Usage: {usage}");
            h.AddPostOptionsLines(exitCodes.Split('\n'));
            return h;
        }, e => e, verbsIndex: !verbChosen, maxDisplayWidth: 100);
        // The parser heads the [Usage] examples "USAGE:"; the synopsis above is the usage.
        return help.ToString().Replace("\nUSAGE:\n", "\nExamples:\n", StringComparison.Ordinal).TrimEnd() + Environment.NewLine;
    }

    /// <summary>One line per error, naming the option or verb: "unknown option --foo".</summary>
    public static IEnumerable<string> Errors(ParserResult<object> result)
    {
        string verb = result.TypeInfo.Current.GetCustomAttributes(typeof(VerbAttribute), false) is [VerbAttribute v, ..] ? $" {v.Name}" : "";
        foreach (Error error in ((NotParsed<object>)result).Errors)
        {
            yield return error switch
            {
                UnknownOptionError e => $"unknown option {Dashed(e.Token)} (see dumplock{verb} --help)",
                MissingValueOptionError e => $"{Dashed(e.NameInfo.NameText)} needs a value (see dumplock{verb} --help)",
                BadFormatConversionError e => $"{Dashed(e.NameInfo.NameText)} has a value of the wrong type (see dumplock{verb} --help)",
                MissingRequiredOptionError e => $"{e.NameInfo.NameText} is required (see dumplock{verb} --help)",
                BadVerbSelectedError e => $"unknown command \"{e.Token}\" (see dumplock --help)",
                NoVerbSelectedError => "no command given (see dumplock --help)",
                RepeatedOptionError e => $"{Dashed(e.NameInfo.NameText)} is given more than once",
                _ => $"cannot parse the command line ({error.Tag})",
            };
        }
    }

    /// <summary>An example command line for a verb's help, without the options left at their defaults.</summary>
    public static Example Example(string text, object sample) => new(text, new UnParserSettings { SkipDefault = true }, sample);

    private static string Dashed(string name) => name.StartsWith('-') ? name : name.Length == 1 ? $"-{name}" : $"--{name}";
}
