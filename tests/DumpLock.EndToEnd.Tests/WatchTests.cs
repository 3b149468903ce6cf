using System.Diagnostics;
using System.Text.RegularExpressions;

namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// <c>dumplock watch</c> on LateDeadlock, a service that works until the test tells it to deadlock:
/// nothing is written while it works, exactly one dump and one report once it deadlocks; and
/// nothing at all, exit 0, when the process ends first. Every step waits for a line the other side
/// prints (watch's "check N: …", the scenario's DEADLOCKED), never for time.
/// </summary>
public sealed partial class WatchTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    private readonly string _directory = Directory.CreateTempSubdirectory("dumplock-watch-").FullName;

    [Fact]
    public void NothingIsWrittenWhileTheServiceWorksAndOneDumpWithItsReportOnceItDeadlocks()
    {
        using ScenarioProcess scenario = ScenarioProcess.StartAndWaitForReady("LateDeadlock");
        using Process watch = DumpLockCli.Start("watch", scenario.Pid.ToString(), "-o", _directory, "--interval", "0.5");
        var log = new WatchLog(watch);

        log.WaitFor(HealthyCheck(), count: 2);
        string[] writtenWhileHealthy = Directory.GetFileSystemEntries(_directory);
        scenario.Tell("LateDeadlock", "deadlock", "DEADLOCKED");
        ProcessResult result = log.WaitForExit();

        Assert.Empty(writtenWhileHealthy);
        Assert.True(result.ExitCode == 1, result.ToString());
        string dump = Path.Combine(_directory, $"core.{scenario.Pid}");
        string report = Path.Combine(_directory, $"core.{scenario.Pid}.md");
        Assert.Equal([dump, report], Directory.GetFiles(_directory).Order());
        Assert.Contains($"Dump:   {dump}", result.StdOut);
        Assert.Contains($"Report: {report}", result.StdOut);
        Assert.Matches(@"check \d+: deadlock[^\n]*\n[^\n]*check \d+: deadlock", result.StdErr);
        string markdown = File.ReadAllText(report);
        Assert.Contains("worker-1", markdown);
        Assert.Contains("worker-2", markdown);
        ProcessResult analyze = DumpLockCli.Run("analyze", dump);
        Assert.True(analyze.ExitCode == 1, analyze.ToString());
    }

    [Fact]
    public void WatchExitsZeroAndWritesNothingWhenTheProcessEndsFirst()
    {
        using ScenarioProcess scenario = ScenarioProcess.StartAndWaitForReady("LateDeadlock");
        using Process watch = DumpLockCli.Start("watch", scenario.Pid.ToString(), "-o", _directory, "--interval", "0.5");
        var log = new WatchLog(watch);

        log.WaitFor(HealthyCheck(), count: 1);
        scenario.Tell("exit");
        ProcessResult result = log.WaitForExit();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"process {scenario.Pid} ended; no hang seen", result.StdErr);
        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }

    [GeneratedRegex(@"check \d+: (ok|blocked) ")]
    private static partial Regex HealthyCheck();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A running watch's stderr, line by line as it comes, and its stdout.</summary>
    private sealed class WatchLog
    {
        private readonly Process _watch;
        private readonly Task<string> _stdout;
        private readonly List<string> _lines = [];

        public WatchLog(Process watch)
        {
            _watch = watch;
            _stdout = watch.StandardOutput.ReadToEndAsync();
        }

        /// <summary>Reads stderr until <paramref name="count"/> lines have matched.</summary>
        public void WaitFor(Regex line, int count)
        {
            var deadline = Stopwatch.StartNew();
            while (_lines.Count(l => line.IsMatch(l)) < count)
            {
                Task<string?> next = _watch.StandardError.ReadLineAsync();
                if (!next.Wait(s_timeout - deadline.Elapsed) || next.Result is null)
                {
                    _watch.Kill();
                    throw new TimeoutException($"watch printed no {count} lines like '{line}'; it printed:\n{string.Join('\n', _lines)}");
                }
                _lines.Add(next.Result);
            }
        }

        public ProcessResult WaitForExit()
        {
            Task<string> rest = _watch.StandardError.ReadToEndAsync();
            if (!rest.Wait(s_timeout) || !_watch.WaitForExit(s_timeout))
            {
                _watch.Kill();
                throw new TimeoutException($"watch did not exit in {s_timeout.TotalMinutes} min");
            }
            return new ProcessResult(_watch.ExitCode, _stdout.Result, string.Join('\n', _lines) + "\n" + rest.Result);
        }
    }
}
