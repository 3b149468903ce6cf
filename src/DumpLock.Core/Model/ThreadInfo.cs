using System.Collections.Immutable;

namespace DumpLock.Model;

/// <summary>A thread of the process, its stack innermost first, and what it waits for.</summary>
public sealed record ThreadInfo(
    int OsThreadId,
    int? ManagedThreadId,
    string? Name,
    ThreadState State,
    bool IsBackground,
    bool IsThreadPool,
    Wait? WaitingFor,
    ImmutableArray<Frame> Frames)
{
    /// <summary>"teller-1" (tid 2504), or just the tid when the thread has no name.</summary>
    public string Label => Name is null ? $"tid {OsThreadId}" : $"\"{Name}\" (tid {OsThreadId})";
}
