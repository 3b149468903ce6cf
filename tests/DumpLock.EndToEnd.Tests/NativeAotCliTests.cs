namespace DumpLock.EndToEnd.Tests;

/// <summary>The dumplock CLI published with NativeAOT (scripts/publish-aot), once per test run.</summary>
public sealed class NativeAotCli
{
    public NativeAotCli()
    {
        ProcessResult publish = RunScript(Path.Combine(RepoPaths.Root, "scripts", "publish-aot"));
        Assert.True(publish.ExitCode == 0, publish.ToString());
        Program = Path.Combine(RepoPaths.Root, "artifacts", "aot", "dumplock");
    }

    public string Program { get; }

    private static ProcessResult RunScript(string script)
    {
        var start = new System.Diagnostics.ProcessStartInfo(script) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = System.Diagnostics.Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(10)), "scripts/publish-aot did not finish");
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>
/// The NativeAOT build says exactly what the JIT build says — report, errors, exit code — on the
/// same dumps and inputs. (Not yet: .zst dumps, whose decompressor does not load in that build.)
/// </summary>
public sealed class NativeAotCliTests(NativeAotCli aot, TwoLocksDump twoLocks, ConvoyDumps convoy)
    : IClassFixture<NativeAotCli>, IClassFixture<TwoLocksDump>, IClassFixture<ConvoyDumps>
{
    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    [InlineData("markdown")]
    public void DeadlockReportIsTheSameInEveryFormat(string format) =>
        AssertSame("analyze", twoLocks.DumpPath, "--format", format);

    [Fact]
    public void BlockingChainReportIsTheSame() => AssertSame("analyze", convoy["10"].DumpPath, "--all-threads");

    [Theory]
    [InlineData("analyze", "/nonexistent/core.1")]
    [InlineData("analyze", "--timeout", "-1", "core.1")]
    [InlineData("analyze", "--help")]
    [InlineData("--version")]
    [InlineData("frob")]
    public void ErrorsHelpAndVersionAreTheSame(params string[] args) => AssertSame(args);

    private void AssertSame(params string[] args)
    {
        ProcessResult jit = DumpLockCli.Run(args);
        ProcessResult native = DumpLockCli.RunProgram(aot.Program, args);

        Assert.Equal(jit.ExitCode, native.ExitCode);
        Assert.Equal(jit.StdOut, native.StdOut);
        Assert.Equal(jit.StdErr, native.StdErr);
    }
}
