namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// A mini dump of a real deadlock has no heap: lock owners cannot be read, so "no deadlock"
/// would be a guess. The answer is inconclusive, exit 3, with the advice to take a heap dump.
/// </summary>
public sealed class MiniDumpTests(TwoLocksMiniDumps dumps) : IClassFixture<TwoLocksMiniDumps>
{
    private const string Advice = "take a heap dump (dumplock collect --type heap)";

    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void MiniDumpOfADeadlockIsInconclusiveAndSaysToTakeAHeapDump(string runtime)
    {
        ScenarioDump dump = dumps[runtime];

        Assert.True(dump.Json.ExitCode == 3, dump.Json.ToString());
        Assert.Equal(3, dump.Text.ExitCode);
        Assert.Equal("inconclusive", dump.Report.GetProperty("summary").Str("verdict"));
        Assert.Contains(dump.Report.GetProperty("warnings").Strings(), w => w.Contains(Advice, StringComparison.Ordinal));
        Assert.Contains("Verdict: inconclusive", dump.Text.StdOut);
        Assert.Contains(Advice, dump.Text.StdOut[..dump.Text.StdOut.IndexOf("Threads (", StringComparison.Ordinal)]);
    }
}
