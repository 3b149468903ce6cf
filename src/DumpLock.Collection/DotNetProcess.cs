namespace DumpLock.Collection;

/// <summary>A .NET process this user can reach through its diagnostic port.</summary>
public sealed record DotNetProcess(int Pid, string Name, string CommandLine);
