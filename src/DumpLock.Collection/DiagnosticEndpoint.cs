namespace DumpLock.Collection;

/// <summary>
/// Where a .NET process listens for diagnostic commands, as seen from DumpLock. A process in
/// another mount namespace (a container) has its own /tmp: <see cref="Root"/> is then
/// /proc/&lt;pid&gt;/root, through which its files are reached, and paths sent to it are in its view.
/// </summary>
/// <param name="Pid">The PID in DumpLock's PID namespace.</param>
/// <param name="NamespacePid">The PID the process sees for itself (the last NSpid entry).</param>
/// <param name="TempDirectory">The process's temporary directory, in its own view.</param>
public sealed record DiagnosticEndpoint(int Pid, int NamespacePid, string SocketPath, string TempDirectory, string? Root)
{
    public bool InOtherMountNamespace => Root is not null;

    /// <summary>A path in the process's view of the file system, as DumpLock reaches it.</summary>
    public string HostPath(string targetPath) => Root is null ? targetPath : Root + targetPath;
}
