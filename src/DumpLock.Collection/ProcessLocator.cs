namespace DumpLock.Collection;

/// <summary>
/// Finds the diagnostic endpoint of a .NET process: the runtime listens on
/// <c>$TMPDIR/dotnet-diagnostic-&lt;pid&gt;-&lt;disambiguator&gt;-socket</c>. Sockets outlive processes
/// killed by a signal, so the process itself must exist too.
/// </summary>
public static class ProcessLocator
{
    public static void CheckIsDotNet(int pid)
    {
        if (pid <= 0 || !Directory.Exists($"/proc/{pid}"))
        {
            throw new DumpLockException($"no process with PID {pid}");
        }
        if (!Directory.EnumerateFiles(Path.GetTempPath(), $"dotnet-diagnostic-{pid}-*-socket").Any())
        {
            throw new DumpLockException(
                $"process {pid} is not a .NET process this user can reach (no diagnostic socket in {Path.GetTempPath()}); " +
                "run dumplock as the same user as the process, and check DOTNET_EnableDiagnostics is not 0");
        }
    }
}
