using CommandLine;
using CommandLine.Text;

namespace DumpLock.Cli;

/// <summary>
/// What the CLI says when it does not run a command: help (stdout, exit 0) with usage lines,
/// examples and the exit codes, or one line per parse error (stderr, exit 2).
/// </summary>
internal static class HelpScreens
{
    private const string ExitCodes = """
        Exit codes:
          0  no hang found (the verdict is ok or blocked), or the command succeeded
          1  a deadlock or thread-pool starvation was found
          2  DumpLock could not analyse (bad input, missing DAC, unreadable dump)
          3  inconclusive: no hang found, but the analysis could not see everything it needs
        """;

    /// <summary>The help the user asked for, or null when parsing failed for another reason.</summary>
    public static string? Help(ParserResult<object> result)
    {
        var errors = ((NotParsed<object>)result).Errors.ToList();
        if (!errors.All(e => e.Tag is ErrorType.HelpRequestedError or ErrorType.HelpVerbRequestedError))
        {
            return null;
        }
        bool verbChosen = result.TypeInfo.Current != typeof(NullInstance) || errors.Any(e => e is HelpVerbRequestedError { Matched: true });
        HelpText help = HelpText.AutoBuild(result, h =>
        {
            h.Heading = $"{ToolInfo.Name} {ToolInfo.Version}: why a .NET process hangs, from a dump";
            h.Copyright = string.Empty;
            h.AddDashesToOption = true;
            h.AdditionalNewLineAfterOption = false;
            h.AddEnumValuesToHelpText = false;
            if (!verbChosen)
            {
                h.AddPreOptionsLine("Usage: dumplock COMMAND [OPTIONS]   (dumplock COMMAND --help for each command's options)");
            }
            h.AddPostOptionsLines(ExitCodes.Split('\n'));
            return h;
        }, e => e, verbsIndex: !verbChosen, maxDisplayWidth: 100);
        return help.ToString().TrimEnd() + Environment.NewLine;
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
