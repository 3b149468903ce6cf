using DumpLock.Model;
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

    // Task.m_stateFlags: RanToCompletion | Faulted | Canceled.
    private const int CompletedMask = 0x1600000;

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
            return new ObservedWait(index, null, new Wait(WaitKind.Task, Description: "waiting for a task that is not on the stack", Timed: timed));
        }
        (ClrThread? runner, string how) = Runner(task, thread, runtime);
        var wait = new Wait(WaitKind.Task, OsThreadId: (int?)runner?.OSThreadId, ObjectAddress: task.Address,
            ObjectType: task.Type?.Name, Description: $"waiting for task <0x{task.Address:x}> {how}", Timed: timed);
        return new ObservedWait(index, null, wait);
    }

    /// <summary>
    /// Task.Wait(), .Result and GetAwaiter().GetResult() wait with no timeout; the Wait overloads
    /// that take one call the same internals, so without one of these frames the timeout is unknown.
    /// </summary>
    private static bool WaitsForever(ThreadView thread) =>
        Enumerable.Range(0, thread.RuntimePrefixLength).Select(i => thread.Frames[i].Method).Any(m =>
            m?.Name is "get_Result" or "GetResultCore" or "GetResult" || m?.Signature == $"{TaskType}.Wait()");

    private static (ClrThread? Runner, string How) Runner(ClrObject task, ThreadView waiter, RuntimeView runtime)
    {
        ClrThreadStaticField? currentTask = TaskClass(task)?.ThreadStaticFields.FirstOrDefault(f => f.Name == "t_currentTask");
        ClrThread? running = currentTask is null ? null : runtime.ThreadViews
            .Select(v => v.Thread)
            .FirstOrDefault(t => t.Address != waiter.Thread.Address && currentTask.ReadObject(t).Address == task.Address);
        if (running is not null)
        {
            return (running, $"(running on tid {running.OSThreadId})");
        }
        switch (ReadyContinuation(task))
        {
            case { CapturesContext: true } when runtime.Threads.SynchronizationContextOf(waiter.Thread) is { } context:
                return (waiter.Thread, $"whose continuation is queued to this thread's {context}, which this wait blocks");
            case { CapturesContext: false }:
                return (null, "whose continuation was queued to the thread pool (ConfigureAwait(false)), not run yet");
            default:
                return (null, "(not running on any thread)");
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
        ClrObject current = task;
        // Async chains are short; the bound guards against a damaged dump looping one.
        for (int depth = 0; depth < 64 && IsPendingBox(current); depth++)
        {
            var awaiters = Awaiters(current).ToList();
            if (awaiters.FirstOrDefault(a => a.Task is { } t && IsCompleted(t)) is { Task: not null } ready)
            {
                return new ReadyBox(current, CapturesContext(ready.Awaiter));
            }
            if (awaiters.Select(a => a.Task).OfType<ClrObject>().FirstOrDefault(IsPendingBox) is not { IsValid: true } inner)
            {
                return null;
            }
            current = inner;
        }
        return null;
    }

    private static bool IsPendingBox(ClrObject task) =>
        task.IsValid && !task.IsNull && task.Type?.Name?.Contains("AsyncStateMachineBox", StringComparison.Ordinal) == true && !IsCompleted(task);

    /// <summary>
    /// The awaiters in the state machine's fields (<c>&lt;&gt;u__1</c>, …; TaskAwaiter or
    /// ConfiguredTaskAwaiter structs with <c>m_task</c>) and the tasks they hold. The state machine
    /// is a struct in Release builds and a class in Debug builds.
    /// </summary>
    private static IEnumerable<(IClrValue Awaiter, ClrObject? Task)> Awaiters(ClrObject box)
    {
        if (box.Type?.GetFieldByName("StateMachine") is not { } field)
        {
            return [];
        }
        IClrValue stateMachine = field.IsValueType ? box.ReadValueTypeField("StateMachine") : box.ReadObjectField("StateMachine");
        return (stateMachine.Type?.Fields ?? [])
            .Where(f => f.Name?.StartsWith("<>u__", StringComparison.Ordinal) == true && f.IsValueType)
            .Select(f => stateMachine.ReadValueTypeField(f.Name!))
            .Where(awaiter => awaiter.Type?.GetFieldByName("m_task") is not null)
            .Select(awaiter => (awaiter, awaiter.ReadObjectField("m_task") is { IsValid: true, IsNull: false } t ? (ClrObject?)t : null));
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

    private static bool IsCompleted(IClrValue task) =>
        task.TryReadField("m_stateFlags", out int flags) && (flags & CompletedMask) != 0;

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
