namespace DumpLock.Collection;

/// <summary>What DumpLock reads of a process from /proc. An unreadable file reads as empty.</summary>
internal static class ProcFiles
{
    public static string Read(int pid, string file)
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

    /// <summary>
    /// A live process, not a thread that reuses the number of a dead process's socket (/proc shows
    /// threads too) nor a zombie.
    /// </summary>
    public static bool IsProcess(int pid)
    {
        string status = Read(pid, "status");
        return pid > 0 && status.Contains($"\nTgid:\t{pid}\n", StringComparison.Ordinal)
            && !status.Contains("\nState:\tZ", StringComparison.Ordinal);
    }

    /// <summary>Field 22 of stat, the runtime's socket disambiguator.</summary>
    public static string? StartTime(int pid)
    {
        string stat = Read(pid, "stat");
        // The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
        string[] fields = stat.Length == 0 ? [] : stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 19 ? fields[19] : null;
    }

    /// <summary>The process's effective user and group ids (the second field of Uid: and Gid: in status).</summary>
    public static (int Uid, int Gid)? EffectiveIds(int pid)
    {
        string[] lines = Read(pid, "status").Split('\n');
        int? Second(string key) => lines.FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?.Split('\t') is [_, _, var id, ..]
            && int.TryParse(id, out int parsed) ? parsed : null;
        return (Second("Uid:"), Second("Gid:")) is (int uid, int gid) ? (uid, gid) : null;
    }

    /// <summary>The PID the process sees for itself: NSpid lists it in every PID namespace, innermost last.</summary>
    public static int NamespacePid(int pid) =>
        Read(pid, "status").Split('\n').FirstOrDefault(l => l.StartsWith("NSpid:", StringComparison.Ordinal))
            ?.Split('\t', StringSplitOptions.RemoveEmptyEntries)[^1] is { } inner && int.TryParse(inner, out int nsPid) ? nsPid : pid;

    /// <summary>
    /// Whether the process sees another file system tree than ours. When its namespace link cannot
    /// be read (another user's process, as non-root), it is taken to be ours, as before containers.
    /// </summary>
    public static bool InOtherMountNamespace(int pid)
    {
        string? ours = LinkTarget("/proc/self/ns/mnt");
        string? theirs = LinkTarget($"/proc/{pid}/ns/mnt");
        return ours is not null && theirs is not null && ours != theirs;
    }

    /// <summary>Whether the kernel lets this user look into the process (ptrace read access), as dumping it needs.</summary>
    public static bool CanInspect(int pid) => LinkTarget($"/proc/{pid}/ns/mnt") is not null;

    /// <summary>The process's $TMPDIR, or /tmp, in its own view; where its runtime puts its socket.</summary>
    public static string TempDirectory(int pid) =>
        Environment(pid).LastOrDefault(v => v.StartsWith("TMPDIR=", StringComparison.Ordinal)) is { Length: > 7 } tmpdir
            ? tmpdir[7..].TrimEnd('/') + "/"
            : "/tmp/";

    /// <summary>The setting that turns the diagnostic port off, when the process's environment has one.</summary>
    public static string? DiagnosticsDisabled(int pid) =>
        Environment(pid).LastOrDefault(v => v is "DOTNET_EnableDiagnostics=0" or "COMPlus_EnableDiagnostics=0" or "DOTNET_EnableDiagnostics_IPC=0");

    private static string[] Environment(int pid) => Read(pid, "environ").Split('\0', StringSplitOptions.RemoveEmptyEntries);

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
