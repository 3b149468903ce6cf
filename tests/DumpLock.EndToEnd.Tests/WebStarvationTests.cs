using System.Text.Json;

namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// The most common .NET production hang: an ASP.NET Core service on Kestrel whose handler blocks on
/// async work, starved by 20 concurrent HTTP requests the test sends.
/// </summary>
public sealed class WebStarvationTests(WebStarvationDumps dumps) : IClassFixture<WebStarvationDumps>
{
    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void VerdictIsStarvationAtTheHandlersBlockingCall(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        JsonElement pool = dump.Report.GetProperty("threadPool");
        var site = pool.GetProperty("blockingSites").EnumerateArray().First();

        Assert.True(dump.Json.ExitCode == 1, dump.Json.ToString());
        Assert.Equal("starvation", dump.Report.GetProperty("summary").Str("verdict"));
        Assert.True(pool.GetProperty("starved").GetBoolean());
        Assert.Equal(pool.GetProperty("threadCount").GetInt32(), pool.GetProperty("blockedThreadCount").GetInt32());
        Assert.True(pool.GetProperty("queuedWorkItems").GetInt32() > 0);
        Assert.Equal("WebStarvation.OrderService.Get(Int32)", site.Str("method"));
        Assert.EndsWith(Path.Combine("dumps-fixtures", "WebStarvation", "Program.cs"), site.Str("file"));
    }

    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void TextReportNamesTheCallSiteFirst(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        string[] lines = dump.Text.StdOut.Split('\n');

        Assert.Equal(1, dump.Text.ExitCode);
        Assert.StartsWith("Verdict: starvation. All ", lines[1]);
        int codeToFix = Array.IndexOf(lines, "Code to fix:");
        Assert.InRange(codeToFix, 2, 4);
        Assert.Equal("    at WebStarvation.OrderService.Get(Int32)", lines[codeToFix + 1]);
        Assert.Matches(@"^       in .*/dumps-fixtures/WebStarvation/Program\.cs:\d+$", lines[codeToFix + 2]);
    }
}
