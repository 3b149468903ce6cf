using DumpLock.Model;
using Microsoft.Diagnostics.Runtime;
using Microsoft.Diagnostics.Runtime.Interfaces;

namespace DumpLock.Reading.Inspectors;

/// <summary>
/// <c>Task.Wait</c>, <c>.Result</c>, <c>GetAwaiter().GetResult()</c>: all block in
/// Task.InternalWait → InternalWaitCore → SpinThenBlockingWait, whose <c>this</c> is the awaited task
/// (runtime-internals.md §9). The thread that can complete it is the one running it (thread-static
/// <c>Task.t_currentTask</c>), or — the classic sync-over-async deadlock — the waiting thread
/// itself, when the task's continuation is ready but queued to that thread's SynchronizationContext.
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
        if (thread.RootsFromFrameInward(index).FirstMatching(IsTask) is not { } task)
        {
            return new ObservedWait(index, null, new Wait(WaitKind.Task, Description: "waiting for a task that is not on the stack"));
        }
        (ClrThread? runner, string how) = Runner(task, thread, runtime);
        var wait = new Wait(WaitKind.Task, OsThreadId: (int?)runner?.OSThreadId, ObjectAddress: task.Address,
            ObjectType: task.Type?.Name, Description: $"waiting for task <0x{task.Address:x}> {how}");
        return new ObservedWait(index, null, wait);
    }

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
        if (IsReadyContinuationFor(task) && runtime.Threads.SynchronizationContextOf(waiter.Thread) is { } context)
        {
            return (waiter.Thread, $"whose continuation is queued to this thread's {context}, which this wait blocks");
        }
        return (null, "(not running on any thread)");
    }

    /// <summary>
    /// An async method's box that has not finished although the task it awaits has: its
    /// continuation has been handed to a scheduler or context and waits to run.
    /// </summary>
    private static bool IsReadyContinuationFor(ClrObject task) =>
        task.Type?.Name?.Contains("AsyncStateMachineBox", StringComparison.Ordinal) == true
        && !IsCompleted(task)
        && AwaitedTasks(task).Any(inner => inner.IsValid && !inner.IsNull && IsCompleted(inner));

    /// <summary>
    /// The tasks in the state machine's awaiter fields (<c>&lt;&gt;u__1</c>, …, TaskAwaiter structs with
    /// <c>m_task</c>). The state machine is a struct in Release builds and a class in Debug builds.
    /// </summary>
    private static IEnumerable<IClrValue> AwaitedTasks(ClrObject box)
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
            .Select(awaiter => awaiter.ReadObjectField("m_task"));
    }

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
