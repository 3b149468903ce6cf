using DumpLock.Model;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading.Inspectors;

/// <summary>
/// A wait on a managed event-like primitive that no thread owns (ManualResetEventSlim,
/// CountdownEvent, Barrier): any thread may set it, so it ends a blocking chain. The primitive
/// is a root of its waiting frame. One instance per primitive; see <see cref="All"/>.
/// </summary>
internal sealed class EventInspector(string type, string[] methods, Func<ClrObject, int?>? count = null) : IInspector
{
    private readonly HashSet<string> _waitFrames = methods.Select(m => $"{type}.{m}").ToHashSet();

    public static IInspector[] All { get; } =
    [
        new EventInspector("System.Threading.ManualResetEventSlim", ["Wait"]),
        new EventInspector("System.Threading.CountdownEvent", ["Wait"], e => e.TryReadField("_currentCount", out int left) ? left : null),
        new EventInspector("System.Threading.Barrier", ["SignalAndWait"]),
    ];

    public ObservedWait? FindWait(ThreadView thread, RuntimeView runtime)
    {
        if (FrameNames.FindBlockingFrame(thread, _waitFrames) is not int index)
        {
            return null;
        }
        ClrObject? primitive = thread.RootsFromCallerInward(index).FirstMatching(o => o.Type?.Name == type);
        var wait = primitive is { } e
            ? new Wait(WaitKind.Event, ObjectAddress: e.Address, ObjectType: type) { Count = count?.Invoke(e) }
            : new Wait(WaitKind.Event, ObjectType: type);
        return new ObservedWait(index, null, wait);
    }
}
