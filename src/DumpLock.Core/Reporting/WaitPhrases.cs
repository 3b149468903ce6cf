using DumpLock.Analysis;
using DumpLock.Model;

namespace DumpLock.Reporting;

/// <summary>The words human-readable reports use for waits, locks and threads, written once.</summary>
internal static class WaitPhrases
{
    /// <summary>"&lt;0x7f8f75809770&gt; (a Bank.Account)", as jstack names an object.</summary>
    public static string Object(ulong address, string? type) =>
        type is null ? $"<{Hex.Format(address)}>" : $"<{Hex.Format(address)}> (a {type})";

    public static string Annotation(FrameAnnotation annotation)
    {
        string what = Object(annotation.Address, annotation.ObjectType);
        return annotation.Kind switch
        {
            AnnotationKind.Locked => $"- locked {what}",
            AnnotationKind.WaitingToLock => $"- waiting to lock {what}",
            _ => $"- waiting on {what}",
        };
    }

    /// <summary>What the thread waits for, in words a user knows.</summary>
    public static string Waiting(ThreadInfo thread, Snapshot snapshot)
    {
        Wait? wait = thread.WaitingFor;
        if (wait is null)
        {
            return thread.State == ThreadState.Running ? "running"
                : thread.Frames.IsEmpty ? "state unknown (no managed frames)" : "state unknown";
        }
        if (wait.Kind == WaitKind.Lock && wait.Description is null && wait.LockId is not null && snapshot.FindLock(wait.LockId) is { } waited)
        {
            return $"waiting to lock {Object(waited.Address, waited.ObjectType)}";
        }
        if (wait.Kind == WaitKind.Thread && wait.OsThreadId is int joined)
        {
            return $"waiting for {ThreadName(snapshot, joined)} to finish";
        }
        return wait.Description ?? $"waiting ({wait.Kind.ToString().ToLowerInvariant()})";
    }

    /// <summary>"which is held by "teller-2" (tid 2505)", or what is known instead.</summary>
    public static string HeldBy(ThreadInfo thread, Snapshot snapshot)
    {
        Wait? wait = thread.WaitingFor;
        if (wait?.Kind != WaitKind.Lock || wait.LockId is null || snapshot.FindLock(wait.LockId) is not { } waited)
        {
            return "";
        }
        if (waited.Owners.Length == 0)
        {
            // A semaphore's or a mutex's description already says why no owner is shown.
            return wait.Description is null ? "whose owner is not recorded in the dump" : "";
        }
        return "which is held by " + string.Join(", ", waited.Owners.Select(o => ThreadName(snapshot, o)));
    }

    public static string ThreadName(Snapshot snapshot, int osThreadId) =>
        snapshot.FindThread(osThreadId)?.Label ?? $"tid {osThreadId}";

    public static string Count(int count, string singular) =>
        count == 1 ? $"1 {singular}" : $"{count} {singular}s";

    public static string RootState(BlockingChain chain, Snapshot snapshot)
    {
        ThreadInfo? root = snapshot.FindThread(chain.RootThread);
        return root is null ? "unknown" : Waiting(root, snapshot);
    }
}
