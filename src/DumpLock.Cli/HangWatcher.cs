using System.Diagnostics;
using DumpLock.Analysis;
using DumpLock.Collection;
using DumpLock.Model;
using DumpLock.Reading;
using DumpLock.Reporting;

namespace DumpLock.Cli;

/// <summary>
/// <c>dumplock watch</c>: reads a live process as <c>analyze --pid</c> does, at an interval, and when
/// a deadlock or starvation is seen in enough checks in a row (one alone may be a moment of a
/// healthy process), writes its dump as <c>collect</c> does and a Markdown report of that dump beside it.
/// </summary>
internal static class HangWatcher
{
    public static ExitCode Run(WatchOptions options, TextWriter output, TextWriter log)
    {
        options.Validate();
        int pid = options.TargetPid;
        ProcessLocator.Find(pid);
        string directory = Path.GetFullPath(options.Output);
        string dumpPath = Path.Combine(directory, options.Compress ? $"core.{pid}.zst" : $"core.{pid}");
        string reportPath = Path.Combine(directory, $"core.{pid}.md");
        // Found now rather than when the process hangs, hours from now.
        if (File.Exists(dumpPath) || File.Exists(reportPath))
        {
            throw new DumpLockException($"'{(File.Exists(dumpPath) ? dumpPath : reportPath)}' already exists; move it away, or give another directory with -o");
        }
        log.WriteLine($"dumplock: watching process {pid} every {options.IntervalSeconds:0.###} s; a deadlock or starvation seen in " +
            $"{options.Checks} check(s) in a row is written to {dumpPath}");

        var pauses = new List<TimeSpan>();
        for (int hangChecks = 0; ;)
        {
            if (Check(pid) is not var (verdict, pause))
            {
                log.WriteLine($"dumplock: process {pid} ended; no hang seen in {pauses.Count} check(s){PauseSummary(pauses)}");
                return ExitCode.NoHangFound;
            }
            pauses.Add(pause);
            hangChecks = verdict is Verdict.Deadlock or Verdict.Starvation ? hangChecks + 1 : 0;
            log.WriteLine($"dumplock: {DateTime.Now:HH:mm:ss} check {pauses.Count}: {verdict.ToString().ToLowerInvariant()} " +
                $"(process paused {pause.TotalMilliseconds:0} ms)");
            if (hangChecks == options.Checks)
            {
                return WriteDumpAndReport(pid, dumpPath, reportPath, options.Compress, output, log);
            }
            System.Threading.Thread.Sleep(TimeSpan.FromSeconds(options.IntervalSeconds));
        }
    }

    /// <summary>
    /// The verdict of one live read, and how long the process was paused for it (attached and
    /// suspended for the whole read); null when the process has ended.
    /// </summary>
    private static (Verdict Verdict, TimeSpan Pause)? Check(int pid)
    {
        if (!ProcessLocator.IsRunning(pid))
        {
            return null;
        }
        var stopwatch = Stopwatch.StartNew();
        try
        {
            // Without the heap walk for async flows: it would keep a production process paused for seconds.
            Snapshot snapshot = SnapshotReader.ReadProcess(pid, new ReadOptions(WalkHeap: false));
            return (WaitForGraph.Analyze(snapshot).Verdict, stopwatch.Elapsed);
        }
        catch (DumpLockException) when (!ProcessLocator.IsRunning(pid))
        {
            return null;
        }
    }

    private static ExitCode WriteDumpAndReport(int pid, string dumpPath, string reportPath, bool compress, TextWriter output, TextWriter log)
    {
        CollectResult dump = DumpCollector.Collect(pid, dumpPath, DumpKind.Heap, force: false, compress,
            notice: notice => log.WriteLine($"dumplock: {notice}"));
        // The report is of the dump, the file that is kept and shared, read in full (async flows included).
        Snapshot snapshot = SnapshotReader.Read(dump.Path);
        Findings findings = WaitForGraph.Analyze(snapshot);
        using (var report = new StreamWriter(reportPath))
        {
            new MarkdownReporter().Write(snapshot, findings, report);
        }
        output.WriteLine($"Hang caught in process {pid}: {findings.Verdict.ToString().ToLowerInvariant()}");
        output.WriteLine($"Dump:   {dump.Path} ({dump.SizeBytes / (1024.0 * 1024.0):0.0} MB)");
        output.WriteLine($"Report: {reportPath}");
        return findings.ExitCode;
    }

    private static string PauseSummary(List<TimeSpan> pauses) =>
        pauses.Count == 0 ? "" : $"; each paused it for {pauses.Min().TotalMilliseconds:0}–{pauses.Max().TotalMilliseconds:0} ms";
}
