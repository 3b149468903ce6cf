using DumpLock.Model;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading.Inspectors;

/// <summary>
/// A thread that waits for a class's static constructor running on another thread
/// (docs/runtime-internals.md §16h). Which class is not readable: the runtime's helper takes the
/// class's MethodTable in a register, not in a stack root. The thread running a constructor is:
/// it has the <c>.cctor</c> frame. When exactly one other thread runs one, the wait is on that
/// class and that thread; with several, the wait stays unresolved and the report says so.
/// </summary>
internal sealed class TypeInitializerInspector : IInspector
{
    public ObservedWait? FindWait(ThreadView thread, RuntimeView runtime)
    {
        int? index = FrameNames.FindBlockingFrame(thread, runtime.Profile.ClassInitWait);
        if (index is null && !WaitsInBareHelper(thread, runtime))
        {
            return null;
        }
        var running = runtime.ThreadViews
            .Where(t => t.Thread.Address != thread.Thread.Address)
            .Select(t => (View: t, Constructor: t.Frames.FirstOrDefault(f => f.Method?.Name == ".cctor")))
            .Where(t => t.Constructor is not null)
            .ToList();
        var wait = running is [var (view, constructor)]
            ? new Wait(WaitKind.TypeInitializer, OsThreadId: (int)view.Thread.OSThreadId, ObjectType: constructor!.Method!.Type?.Name, Timed: false)
            : new Wait(WaitKind.TypeInitializer, Timed: false);
        return new ObservedWait(index ?? 0, null, wait);
    }

    /// <summary>.NET 8 and 9: a runtime helper frame with no method right above the program's own code.</summary>
    private static bool WaitsInBareHelper(ThreadView thread, RuntimeView runtime) =>
        runtime.Profile.ClassInitHelperFrame is { } helper && thread.InnermostHelperFrame == helper
        && thread.Frames.Count > 0 && !FrameNames.IsRuntimeLibrary(thread.Frames[0]);
}
