namespace DumpLock.Collection;

/// <summary>
/// Finds .NET processes by their diagnostic endpoints: the runtime listens on
/// <c>$TMPDIR/dotnet-diagnostic-&lt;pid&gt;-&lt;disambiguator&gt;-socket</c>, the pid being the one the process
/// sees for itself and the disambiguator its start time (field 22 of /proc/&lt;pid&gt;/stat, in clock
/// ticks since boot, the same from every PID namespace). Sockets outlive processes killed by a
/// signal, and PIDs are reused: a socket counts only when a live process has that PID and that
/// start time. A process in another mount namespace (a container, a pod seen from the node) keeps
/// its socket in its own /tmp, reached through /proc/&lt;pid&gt;/root.
/// </summary>
public static class ProcessLocator
{
    public static IReadOnlyList<DotNetProcess> List() =>
        Directory.EnumerateDirectories("/proc")
            .Select(dir => int.TryParse(Path.GetFileName(dir), out int pid) ? pid : 0)
            .Where(pid => pid > 0 && pid != Environment.ProcessId && TryFind(pid) is not null)
            .Order()
            .Select(pid => new DotNetProcess(pid, ProcFiles.Read(pid, "comm").Trim(), ProcFiles.Read(pid, "cmdline").Replace('\0', ' ').Trim()))
            .ToList();

    /// <summary>
    /// The one .NET process with this name: its executable's name, or for <c>dotnet app.dll</c>
    /// the app's name.
    /// </summary>
    public static int FindByName(string name)
    {
        List<DotNetProcess> matches = List().Where(p => p.Name == name || AppName(p.CommandLine) == name).ToList();
        return matches switch
        {
            [var only] => only.Pid,
            [] => throw new DumpLockException($"no .NET process named '{name}' that this user can reach; 'dumplock ps' lists them"),
            _ => throw new DumpLockException($"several .NET processes are named '{name}': " +
                string.Join(", ", matches.Select(p => $"{p.Pid} ({p.CommandLine})")) + "; give a PID instead"),
        };
    }

    /// <summary>The PID given, or the one process with the name given: exactly one of the two.</summary>
    public static int Target(int? pid, string? name) => (pid, name) switch
    {
        (int given, null) => given,
        (null, string named) => FindByName(named),
        _ => throw new DumpLockException("give either a PID or --name, not both and not neither"),
    };

    /// <summary>Whether the process still runs (not ended, not a zombie).</summary>
    public static bool IsRunning(int pid) => ProcFiles.IsProcess(pid);

    /// <summary>
    /// The process's diagnostic endpoint, or an exception that says exactly why there is none. A
    /// NativeAOT app is refused first: it may listen on a socket too (EventPipe), but nothing it
    /// writes could be read.
    /// </summary>
    public static DiagnosticEndpoint Find(int pid) =>
        NativeAot.IsNativeAot(pid) ? throw new DumpLockException(NativeAotMessage.For($"process {pid} is a NativeAOT app"))
            : TryFind(pid) ?? throw new DumpLockException(WhyNoEndpoint(pid));

    private static DiagnosticEndpoint? TryFind(int pid)
    {
        if (!ProcFiles.IsProcess(pid) || ProcFiles.StartTime(pid) is not { } startTime)
        {
            return null;
        }
        string? root = ProcFiles.InOtherMountNamespace(pid) ? $"/proc/{pid}/root" : null;
        int namespacePid = ProcFiles.NamespacePid(pid);
        // In our own namespace, where the socket has always been looked for: our $TMPDIR.
        string tempDirectory = root is null ? Path.GetTempPath() : ProcFiles.TempDirectory(pid);
        string socket = Path.Combine(root + tempDirectory, $"dotnet-diagnostic-{namespacePid}-{startTime}-socket");
        return File.Exists(socket) ? new DiagnosticEndpoint(pid, namespacePid, socket, tempDirectory, root) : null;
    }

    private static string WhyNoEndpoint(int pid)
    {
        if (!ProcFiles.IsProcess(pid))
        {
            return $"no process with PID {pid}";
        }
        if (ProcFiles.DiagnosticsDisabled(pid) is { } setting)
        {
            return $"process {pid} has its diagnostic port turned off ({setting} in its environment), so it cannot be asked for a dump: " +
                "restart it without that setting, or take a core with the runtime's createdump (createdump --withheap <pid>)";
        }
        if (!ProcFiles.CanInspect(pid))
        {
            return $"process {pid} belongs to another user, and this user may not look into it (/proc/{pid}/ns/mnt is unreadable): " +
                "run dumplock as the process's user, or as root";
        }
        bool otherNamespace = ProcFiles.InOtherMountNamespace(pid);
        if (otherNamespace && !Directory.Exists($"/proc/{pid}/root{ProcFiles.TempDirectory(pid)}"))
        {
            return $"process {pid} runs in another mount namespace (a container), and this user cannot reach its files through /proc/{pid}/root: " +
                "run dumplock as root, or as the process's user where the kernel allows it";
        }
        string where = otherNamespace ? $"/proc/{pid}/root{ProcFiles.TempDirectory(pid)} (its container's temporary directory)" : Path.GetTempPath();
        return $"process {pid} is not a .NET process this user can reach (no diagnostic socket in {where}); " +
            "run dumplock as the same user as the process, and check DOTNET_EnableDiagnostics is not 0";
    }

    private static string? AppName(string commandLine) =>
        commandLine.Split(' ').FirstOrDefault(a => a.EndsWith(".dll", StringComparison.Ordinal)) is { } dll
            ? Path.GetFileNameWithoutExtension(dll)
            : null;
}
