using Microsoft.Diagnostics.Runtime;
using Microsoft.Diagnostics.Runtime.Interfaces;

namespace DumpLock.Reading.Async;

/// <summary>
/// An async method's state machine box that has not completed (Task.m_stateFlags has none of
/// RanToCompletion | Faulted | Canceled, 0x1600000), as found on the heap: its state machine
/// (a struct in Release builds, a class in Debug), the await it is suspended at
/// (<c>&lt;&gt;1__state</c> = N for the N-th await), and the task that await waits for.
/// </summary>
internal sealed record PendingBox(ClrObject Box, IClrValue StateMachine, ClrType StateMachineType, int State, IClrValue? Awaiter, ClrObject? Awaited)
{
    private const int CompletedMask = 0x1600000;

    public static bool IsBoxType(ClrType type) => type.Name?.Contains("+AsyncStateMachineBox<", StringComparison.Ordinal) == true;

    public static bool IsCompleted(IClrValue task) => task.TryReadField("m_stateFlags", out int flags) && (flags & CompletedMask) != 0;

    public static PendingBox? Read(ClrObject box)
    {
        if (!box.IsValid || box.IsNull || box.Type is not { } boxType || !IsBoxType(boxType) || IsCompleted(box)
            || boxType.GetFieldByName("StateMachine") is not { } field)
        {
            return null;
        }
        IClrValue stateMachine = field.IsValueType ? box.ReadValueTypeField("StateMachine") : box.ReadObjectField("StateMachine");
        // The struct's type is the field's; a Debug build's state machine object has its own.
        ClrType? type = field.IsValueType ? field.Type : box.ReadObjectField("StateMachine").Type;
        if (type is null || !stateMachine.TryReadField("<>1__state", out int state))
        {
            return null;
        }
        (IClrValue? awaiter, ClrObject? awaited) = AwaitedTask(stateMachine, type);
        return new PendingBox(box, stateMachine, type, state, awaiter, awaited);
    }

    /// <summary>
    /// The task in the awaiter field that is in use: TaskAwaiter and ConfiguredTaskAwaiter keep it in
    /// <c>m_task</c>; ValueTaskAwaiter keeps a ValueTask whose <c>_obj</c> is a task or a value-task source.
    /// Awaiters not in use are cleared, so the first non-null one is the current await's.
    /// </summary>
    private static (IClrValue? Awaiter, ClrObject? Task) AwaitedTask(IClrValue stateMachine, ClrType type)
    {
        foreach (ClrInstanceField awaiterField in type.Fields.Where(f => f.Name?.StartsWith("<>u__", StringComparison.Ordinal) == true))
        {
            if (!awaiterField.IsValueType)
            {
                continue;
            }
            IClrValue awaiter = stateMachine.ReadValueTypeField(awaiterField.Name!);
            if (awaiter.Type?.GetFieldByName("m_task") is not null && awaiter.ReadObjectField("m_task") is ClrObject { IsValid: true, IsNull: false } task)
            {
                return (awaiter, task);
            }
            if (awaiter.Type?.GetFieldByName("_value") is not null
                && awaiter.ReadValueTypeField("_value") is { } valueTask && valueTask.Type?.GetFieldByName("_obj") is not null
                && valueTask.ReadObjectField("_obj") is ClrObject { IsValid: true, IsNull: false } source)
            {
                return (awaiter, source);
            }
        }
        return (null, null);
    }
}
