using DumpLock.Model;
using DumpLock.Reading.Async;
using Microsoft.Diagnostics.Runtime;
using Microsoft.Diagnostics.Runtime.Interfaces;

namespace DumpLock.Reading.Inspectors;

/// <summary>
/// <c>Task.Wait</c>, <c>.Result</c>, <c>GetAwaiter().GetResult()</c>: all block in
/// Task.InternalWait → InternalWaitCore → SpinThenBlockingWait, whose <c>this</c> is the awaited task
/// (runtime-internals.md §9). The thread that can complete it is the one running it (thread-static
/// <c>Task.t_currentTask</c>), or — the classic sync-over-async deadlock — the waiting thread
/// itself, when the task's continuation is ready and bound for that thread's SynchronizationContext
/// (a plain await, not ConfigureAwait(false), whose continuation went to the thread pool).
/// </summary>
internal sealed class TaskWaitInspector : IInspector
{
    private const string TaskType = "System.Threading.Tasks.Task";

    private static readonly HashSet<string> s_waitFrames =
    [
        $"{TaskType}.InternalWait",
        $"{TaskType}.InternalWaitCore",
        $"{TaskType}.SpinThenBlockingWait",
    ];

    public ObservedWait? FindWait(ThreadView thread, RuntimeView runtime)
    {
        if (FrameNames.FindBlockingFrame(thread, s_waitFrames) is not int index)
        {
            return null;
        }
        bool? timed = WaitsForever(thread) ? false : null;
        if (thread.RootsFromFrameInward(index).FirstMatching(IsTask) is not { } task)
        {
            return new ObservedWait(index, null, new Wait(WaitKind.Task, Timed: timed));
        }
        (ClrThread? runner, TaskProgress progress, string? context) = Runner(task, thread, runtime);
        var wait = new Wait(WaitKind.Task, OsThreadId: (int?)runner?.OSThreadId, ObjectAddress: task.Address,
            ObjectType: task.Type?.Name, Timed: timed) { TaskProgress = progress, ContextType = context };
        return new ObservedWait(index, null, wait);
    }

    /// <summary>
    /// Task.Wait(), .Result and GetAwaiter().GetResult() wait with no timeout; the Wait overloads
    /// that take one call the same internals, so without one of these frames the timeout is unknown.
    /// </summary>
    private static bool WaitsForever(ThreadView thread) =>
        Enumerable.Range(0, thread.RuntimePrefixLength).Select(i => thread.Frames[i].Method).Any(m =>
            m?.Name is "get_Result" or "GetResultCore" or "GetResult" || m?.Signature == $"{TaskType}.Wait()");

    private static (ClrThread? Runner, TaskProgress Progress, string? Context) Runner(ClrObject task, ThreadView waiter, RuntimeView runtime)
    {
        ClrThreadStaticField? currentTask = TaskClass(task)?.ThreadStaticFields.FirstOrDefault(f => f.Name == "t_currentTask");
        ClrThread? running = currentTask is null ? null : runtime.ThreadViews
            .Select(v => v.Thread)
            .FirstOrDefault(t => t.Address != waiter.Thread.Address && currentTask.ReadObject(t).Address == task.Address);
        if (running is not null)
        {
            return (running, TaskProgress.Running, null);
        }
        switch (ReadyContinuation(task))
        {
            case { CapturesContext: true } when runtime.Threads.SynchronizationContextOf(waiter.Thread) is { } context:
                return (waiter.Thread, TaskProgress.QueuedToWaitersContext, context);
            case { CapturesContext: false }:
                return (null, TaskProgress.QueuedToThreadPool, null);
            default:
                return (null, TaskProgress.NotRunning, null);
        }
    }

    /// <summary>
    /// Follows the chain of async methods the waited task awaits, down to one whose own awaited
    /// task has completed: its continuation has been handed to a scheduler or context and waits to
    /// run. <see cref="ReadyBox.CapturesContext"/> says where it went: back to the captured
    /// SynchronizationContext (a plain await), to the thread pool (ConfigureAwait(false)), or null
    /// when the awaiter is of a kind not read here.
    /// </summary>
    private static ReadyBox? ReadyContinuation(ClrObject task)
    {
        // Async chains are short; the bound guards against a damaged dump looping one.
        PendingBox? box = PendingBox.Read(task);
        for (int depth = 0; depth < 64 && box is { Awaited: { } awaited }; depth++)
        {
            if (PendingBox.IsCompleted(awaited))
            {
                return new ReadyBox(box.Box, box.Awaiter is { } awaiter ? CapturesContext(awaiter) : null);
            }
            box = PendingBox.Read(awaited);
        }
        return null;
    }

    /// <summary>
    /// A TaskAwaiter resumes on the captured context. A ConfiguredTaskAwaiter does when its options
    /// say so: <c>m_options</c> (ConfigureAwaitOptions, .NET 8+; ContinueOnCapturedContext = 1).
    /// </summary>
    private static bool? CapturesContext(IClrValue awaiter)
    {
        string? type = awaiter.Type?.Name;
        if (type?.StartsWith("System.Runtime.CompilerServices.TaskAwaiter", StringComparison.Ordinal) == true)
        {
            return true;
        }
        if (type?.Contains("ConfiguredTaskAwaiter", StringComparison.Ordinal) == true && awaiter.TryReadField("m_options", out int options))
        {
            return (options & 1) != 0;
        }
        return null;
    }

    private sealed record ReadyBox(ClrObject Box, bool? CapturesContext);

    private static bool IsTask(ClrObject obj) => TaskClass(obj) is not null;

    private static ClrType? TaskClass(ClrObject obj)
    {
        for (ClrType? type = obj.Type; type is not null; type = type.BaseType)
        {
            if (type.Name == TaskType)
            {
                return type;
            }
        }
        return null;
    }
}
