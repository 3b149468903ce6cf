using System.Diagnostics;

namespace DumpLock.EndToEnd.Tests;

/// <summary>Runs the shipped <c>dumplock</c> CLI (NativeAOT) as a user would, with a time limit.</summary>
internal static class DumpLockCli
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    public static ProcessResult Run(params string[] args) => RunIn(Directory.GetCurrentDirectory(), args);

    public static ProcessResult RunIn(string workingDirectory, params string[] args) =>
        RunWith(workingDirectory, new Dictionary<string, string>(), args);

    public static ProcessResult RunWith(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = StartInfo(args);
        start.WorkingDirectory = workingDirectory;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        return Run(start, args);
    }

    /// <summary>As the unprivileged user nobody (needs root), with <paramref name="home"/> as its home.</summary>
    public static ProcessResult RunAsNobody(string home, params string[] args)
    {
        var start = new ProcessStartInfo("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", RepoPaths.Cli, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["HOME"] = home;
        return Run(start, args);
    }

    private static ProcessResult Run(ProcessStartInfo start, string[] args)
    {
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dumplock {string.Join(' ', args)} did not finish in {s_timeout.TotalSeconds} s");
        }
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs the plain build, <c>dotnet dumplock.dll</c>, the same way.</summary>
    public static ProcessResult RunJit(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [RepoPaths.JitCli, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        return Run(start, args);
    }

    /// <summary>Starts dumplock without waiting for it (watch), its output redirected.</summary>
    public static Process Start(params string[] args) => Process.Start(StartInfo(args))!;

    private static ProcessStartInfo StartInfo(string[] args) =>
        new(RepoPaths.Cli, args) { RedirectStandardOutput = true, RedirectStandardError = true };
}
