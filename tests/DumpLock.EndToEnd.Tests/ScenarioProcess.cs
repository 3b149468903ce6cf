using System.Diagnostics;

namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// A scenario program from dumps-fixtures/, started and awaited until it prints <c>READY &lt;pid&gt;</c>,
/// which it does only once its state has formed. Killed on dispose, whatever happened.
/// </summary>
internal sealed class ScenarioProcess : IDisposable
{
    private static readonly TimeSpan s_readyTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    // In a container, the scenario is the child of `unshare`, and sees itself as PID 1.
    private readonly bool _inContainer;
    private bool _disposed;

    private ScenarioProcess(Process process, bool inContainer = false) => (_process, _inContainer) = (process, inContainer);

    /// <summary>The scenario's PID, in our PID namespace.</summary>
    public int Pid => _inContainer ? int.Parse(File.ReadAllText($"/proc/{_process.Id}/task/{_process.Id}/children").Trim()) : _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts a scenario on a runtime: "8", "9", "10" or "11" runs its self-contained publish
    /// (dumps-fixtures/Publish.proj); null runs its framework-dependent build on the SDK's runtime.
    /// </summary>
    // onLine: sees every line the scenario prints before READY (a web scenario's "LISTENING <url>").
    public static ScenarioProcess StartAndWaitForReady(string name, string? runtime = null, IReadOnlyList<string>? args = null,
        Action<string>? onLine = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        string program = runtime is null ? RepoPaths.Scenario(name) : RepoPaths.PublishedScenario(name, runtime);
        if (!File.Exists(program))
        {
            throw new FileNotFoundException($"scenario {name} is not built for runtime {runtime ?? "of the SDK"}: {program}");
        }
        var start = runtime is null ? new ProcessStartInfo("dotnet", [program, .. args ?? []]) : new ProcessStartInfo(program, args ?? []);
        foreach (var (variable, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[variable] = value;
        }
        return Start(name, start, inContainer: false, onLine);
    }

    /// <summary>A scenario's executable wherever it is (a copy of a single-file or NativeAOT publish, say).</summary>
    public static ScenarioProcess StartProgramAndWaitForReady(string name, string program) =>
        Start(name, new ProcessStartInfo(program), inContainer: false, onLine: null);

    /// <summary>
    /// Starts a scenario's self-contained publish as a container runs it: in its own PID and mount
    /// namespaces (PID 1 there), with a private tmpfs on /tmp where its runtime puts its diagnostic
    /// socket and writes dumps. Needs root. The publish folder is bound back at its own path, since
    /// a clone under /tmp would otherwise vanish under the tmpfs (/mnt holds it meanwhile; these
    /// mounts are the new namespace's only).
    /// </summary>
    public static ScenarioProcess StartInContainerAndWaitForReady(string name, string runtime)
    {
        string program = RepoPaths.PublishedScenario(name, runtime);
        string folder = Path.GetDirectoryName(program)!;
        var start = new ProcessStartInfo("unshare", ["--pid", "--mount", "--fork", "--mount-proc", "sh", "-c",
            $"mount --bind '{folder}' /mnt && mount -t tmpfs -o size=512m tmpfs /tmp && mkdir -p '{folder}' " +
            $"&& mount --bind /mnt '{folder}' && exec '{program}'"]);
        return Start(name, start, inContainer: true, onLine: null);
    }

    private static ScenarioProcess Start(string name, ProcessStartInfo start, bool inContainer, Action<string>? onLine)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        var scenario = new ScenarioProcess(Process.Start(start)!, inContainer);
        try
        {
            scenario.WaitForLine(name, inContainer ? "READY 1" : $"READY {scenario._process.Id}", "READY", onLine);
            return scenario;
        }
        catch
        {
            scenario.Dispose();
            throw;
        }
    }

    /// <summary>
    /// For a negative control, once its dump is taken: tells the scenario to release its threads
    /// and waits for it to say that every thread finished. False when it did not within the limit.
    /// </summary>
    public bool ReleaseAndWaitUntilDone(string name)
    {
        try
        {
            Tell(name, "release", "DONE");
            return true;
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Writes a command on the scenario's stdin and waits for its answer, <c>&lt;reply&gt; &lt;pid&gt;</c>.</summary>
    public void Tell(string name, string command, string reply)
    {
        Tell(command);
        WaitForLine(name, $"{reply} {_process.Id}", reply);
    }

    /// <summary>Writes a command on the scenario's stdin.</summary>
    public void Tell(string command)
    {
        _process.StandardInput.WriteLine(command);
        _process.StandardInput.Flush();
    }

    private void WaitForLine(string name, string expected, string what, Action<string>? onLine = null)
    {
        Task<string?> line = _process.StandardOutput.ReadLineAsync();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            TimeSpan left = s_readyTimeout - deadline.Elapsed;
            if (left <= TimeSpan.Zero || !line.Wait(left))
            {
                throw new TimeoutException($"scenario {name} printed no {what} line in {s_readyTimeout.TotalSeconds} s; stderr:\n{StdErrSoFar()}");
            }
            if (line.Result is null)
            {
                throw new InvalidOperationException($"scenario {name} exited before {what}; stderr:\n{StdErrSoFar()}");
            }
            if (line.Result == expected)
            {
                return;
            }
            onLine?.Invoke(line.Result);
            line = _process.StandardOutput.ReadLineAsync();
        }
    }

    private string StdErrSoFar()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        return _process.StandardError.ReadToEnd();
    }

    /// <summary>Kills the scenario; safe to call more than once.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
