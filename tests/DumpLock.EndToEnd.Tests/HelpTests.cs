namespace DumpLock.EndToEnd.Tests;

/// <summary>What the CLI says about itself: usage, examples, value names, exit codes, one-line errors.</summary>
public sealed class HelpTests
{
    [Fact]
    public void TopHelpListsTheCommandsAndExitCodesWithoutABanner()
    {
        ProcessResult help = DumpLockCli.Run("--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Equal("", help.StdErr);
        Assert.Contains("Usage: dumplock COMMAND [OPTIONS]", help.StdOut);
        Assert.All(new[] { "collect", "analyze", "ps", "dac", "watch" }, verb => Assert.Matches($@"\n  {verb} +\S", help.StdOut));
        Assert.Contains("Exit codes:\n  0  no hang found", help.StdOut);
        Assert.Contains("\n  3  inconclusive", help.StdOut);
        Assert.DoesNotContain("Copyright", help.StdOut);
    }

    [Theory]
    [InlineData("analyze", "dumplock analyze core.1234", "--timeout=SECONDS", "Usage: dumplock analyze <DUMP> | --pid PID", "  3  inconclusive")]
    [InlineData("analyze", "dumplock analyze --format markdown core.1234.zst", "--symbols=DIR", "[--format text|json|markdown]", "  1  a deadlock or thread-pool starvation")]
    [InlineData("collect", "dumplock collect 1234", "--output=FILE", "Usage: dumplock collect <PID> | --name NAME", "  0  the dump was written")]
    [InlineData("ps", "dumplock ps", "--verbose", "Usage: dumplock ps\n", "  0  listed (possibly none)")]
    [InlineData("dac", "dumplock dac fetch 8.0.29", "VERSION (pos. 1)", "Usage: dumplock dac fetch <VERSION>", "  0  the DAC is in the NuGet cache")]
    [InlineData("watch", "dumplock watch 1234", "--interval=SECONDS", "Usage: dumplock watch <PID> | --name NAME", "  1  a hang was caught")]
    public void EachCommandsHelpHasAUsageLineExamplesValueNamesAndItsExitCodes(string verb, string example, string option, string usage, string exitCode)
    {
        ProcessResult help = DumpLockCli.Run(verb, "--help");
        ProcessResult helpVerb = DumpLockCli.Run("help", verb);

        Assert.Equal(0, help.ExitCode);
        Assert.Contains(usage, help.StdOut);
        Assert.Contains($"\nExamples:\n", help.StdOut);
        Assert.Contains($"\n  {example}\n", help.StdOut);
        Assert.Contains(option, help.StdOut);
        Assert.Contains($"Exit codes:\n", help.StdOut);
        Assert.Contains($"\n{exitCode}", help.StdOut);
        Assert.DoesNotContain("Copyright", help.StdOut);
        Assert.DoesNotContain("USAGE:", help.StdOut);
        Assert.Equal(help.StdOut, helpVerb.StdOut);
    }

    [Theory]
    [InlineData("collect")]
    [InlineData("ps")]
    [InlineData("dac")]
    public void CommandsThatFindNoHangDoNotListTheAnalysisExitCodes(string verb)
    {
        string help = DumpLockCli.Run(verb, "--help").StdOut;

        Assert.DoesNotContain("\n  1  ", help);
        Assert.DoesNotContain("\n  3  ", help);
    }

    [Fact]
    public void VersionGoesToStdoutBothWays()
    {
        ProcessResult verb = DumpLockCli.Run("version");
        ProcessResult option = DumpLockCli.Run("--version");

        Assert.Matches(@"^dumplock \d+\.\d+\.\d+\n$", verb.StdOut);
        Assert.Equal(verb.StdOut, option.StdOut);
        Assert.Equal("", verb.StdErr + option.StdErr);
    }

    [Theory]
    [InlineData("dumplock: --timeout must be a number of seconds from 1 to 86400, not -1", "analyze", "core.1", "--timeout", "-1")]
    [InlineData("dumplock: --timeout must be a number of seconds from 1 to 86400, not 5000000", "analyze", "core.1", "--timeout", "5000000")]
    [InlineData("dumplock: --timeout has a value of the wrong type (see dumplock analyze --help)", "analyze", "core.1", "--timeout", "soon")]
    [InlineData("dumplock: unknown option --frobnicate (see dumplock analyze --help)", "analyze", "--frobnicate")]
    [InlineData("dumplock: --pid must be a process id, not 0", "analyze", "--pid", "0")]
    [InlineData("dumplock: --symbols: no such directory: /nonexistent/symbols", "analyze", "core.1", "--symbols", "/nonexistent/symbols")]
    [InlineData("dumplock: --interval must be a number of seconds above 0 and at most 86400, not 0", "watch", "1", "--interval", "0")]
    [InlineData("dumplock: --interval must be a number of seconds above 0 and at most 86400, not 1E+300", "watch", "1", "--interval", "1e300")]
    [InlineData("dumplock: unknown command \"frob\" (see dumplock --help)", "frob")]
    [InlineData("dumplock: no command given (see dumplock --help)")]
    public void BadOptionsGetOneLineAndExitCode2(string error, params string[] args)
    {
        ProcessResult result = DumpLockCli.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(error + "\n", result.StdErr);
        Assert.Equal("", result.StdOut);
    }
}
