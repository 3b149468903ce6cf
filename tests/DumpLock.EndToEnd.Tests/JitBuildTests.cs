namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// The whole suite runs the shipped NativeAOT binary; the plain build (<c>dotnet dumplock.dll</c>)
/// must say exactly what it says — report, errors, exit code — on the same dumps and inputs, so
/// that trimming and ahead-of-time compilation change nothing a user sees.
/// </summary>
public sealed class JitBuildTests(TwoLocksDump twoLocks, ConvoyDumps convoy)
    : IClassFixture<TwoLocksDump>, IClassFixture<ConvoyDumps>
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
    [InlineData("TwoLocks-8.0.29.core.zst")]
    [InlineData("LockCycle-11.0.0.core.zst")]
    public void CompressedDumpOfAnotherRuntimeReadsTheSame(string fixture) =>
        AssertSame("analyze", Path.Combine(RepoPaths.Root, "dumps-fixtures", "dumps", fixture), "--format", "json");

    [Theory]
    [InlineData("analyze", "/nonexistent/core.1")]
    [InlineData("analyze", "/etc/passwd")]
    [InlineData("analyze", "--timeout", "-1", "core.1")]
    [InlineData("analyze", "--help")]
    [InlineData("collect", "999999999")]
    [InlineData("--version")]
    [InlineData("version")]
    [InlineData("--help")]
    [InlineData("frob")]
    public void ErrorsHelpAndVersionAreTheSame(params string[] args) => AssertSame(args);

    private static void AssertSame(params string[] args)
    {
        ProcessResult native = DumpLockCli.Run(args);
        ProcessResult jit = DumpLockCli.RunJit(args);

        Assert.Equal(jit.ExitCode, native.ExitCode);
        Assert.Equal(jit.StdOut, native.StdOut);
        Assert.Equal(jit.StdErr, native.StdErr);
    }
}
