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
    private bool _disposed;

    private ScenarioProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public static ScenarioProcess StartAndWaitForReady(string name)
    {
        string dll = RepoPaths.Scenario(name);
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"scenario {name} is not built: {dll}");
        }
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var scenario = new ScenarioProcess(Process.Start(start)!);
        try
        {
            scenario.WaitForReady(name);
            return scenario;
        }
        catch
        {
            scenario.Dispose();
            throw;
        }
    }

    private void WaitForReady(string name)
    {
        Task<string?> line = _process.StandardOutput.ReadLineAsync();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            TimeSpan left = s_readyTimeout - deadline.Elapsed;
            if (left <= TimeSpan.Zero || !line.Wait(left))
            {
                throw new TimeoutException($"scenario {name} printed no READY line in {s_readyTimeout.TotalSeconds} s; stderr:\n{StdErrSoFar()}");
            }
            if (line.Result is null)
            {
                throw new InvalidOperationException($"scenario {name} exited before READY; stderr:\n{StdErrSoFar()}");
            }
            if (line.Result == $"READY {_process.Id}")
            {
                return;
            }
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
