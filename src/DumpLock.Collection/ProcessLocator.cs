namespace DumpLock.Collection;

/// <summary>
/// Finds .NET processes by their diagnostic endpoints: the runtime listens on
/// <c>$TMPDIR/dotnet-diagnostic-&lt;pid&gt;-&lt;disambiguator&gt;-socket</c>, the disambiguator being the
/// process's start time (field 22 of /proc/&lt;pid&gt;/stat, in clock ticks since boot). Sockets outlive
/// processes killed by a signal, and PIDs are reused: a socket counts only when a live process has
/// that PID and that start time. (DiagnosticsClient.GetPublishedProcesses does the same but throws
/// on processes whose /proc/&lt;pid&gt;/environ it cannot read.)
/// </summary>
public static class ProcessLocator
{
    public static IReadOnlyList<DotNetProcess> List() =>
        Directory.EnumerateFiles(Path.GetTempPath(), "dotnet-diagnostic-*-socket")
            .Select(socket => Path.GetFileName(socket).Split('-'))
            .Select(parts => parts.Length >= 4 && int.TryParse(parts[2], out int pid) && IsSocketOf(pid, parts[3]) ? pid : 0)
            .Where(pid => pid != Environment.ProcessId && IsProcess(pid))
            .Distinct()
            .Order()
            .Select(pid => new DotNetProcess(pid, ReadProc(pid, "comm").Trim(), ReadProc(pid, "cmdline").Replace('\0', ' ').Trim()))
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

    private static string? AppName(string commandLine) =>
        commandLine.Split(' ').FirstOrDefault(a => a.EndsWith(".dll", StringComparison.Ordinal)) is { } dll
            ? Path.GetFileNameWithoutExtension(dll)
            : null;

    /// <summary>
    /// A live process, not a thread that reuses the number of a dead process's socket (/proc shows
    /// threads too) nor a zombie.
    /// </summary>
    private static bool IsProcess(int pid)
    {
        string status = ReadProc(pid, "status");
        return pid > 0 && status.Contains($"\nTgid:\t{pid}\n", StringComparison.Ordinal)
            && !status.Contains("\nState:\tZ", StringComparison.Ordinal);
    }

    /// <summary>The socket's disambiguator is the start time of the process now holding this PID.</summary>
    private static bool IsSocketOf(int pid, string disambiguator)
    {
        string stat = ReadProc(pid, "stat");
        // The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
        string[] fields = stat.Length == 0 ? [] : stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 19 && fields[19] == disambiguator;
    }

    private static string ReadProc(int pid, string file)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/{file}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    public static void CheckIsDotNet(int pid)
    {
        if (!IsProcess(pid))
        {
            throw new DumpLockException($"no process with PID {pid}");
        }
        if (!Directory.EnumerateFiles(Path.GetTempPath(), $"dotnet-diagnostic-{pid}-*-socket")
                .Any(socket => Path.GetFileName(socket).Split('-') is { Length: >= 4 } parts && IsSocketOf(pid, parts[3])))
        {
            throw new DumpLockException(
                $"process {pid} is not a .NET process this user can reach (no diagnostic socket in {Path.GetTempPath()}); " +
                "run dumplock as the same user as the process, and check DOTNET_EnableDiagnostics is not 0");
        }
    }
}
