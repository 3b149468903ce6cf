using DumpLock.Model;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading.Inspectors;

/// <summary>
/// A wait on a managed event-like primitive that no thread owns (ManualResetEventSlim,
/// CountdownEvent, Barrier): any thread may set it, so it ends a blocking chain. The primitive
/// is a root of its waiting frame. One instance per primitive; see <see cref="All"/>.
/// </summary>
internal sealed class EventInspector(string type, string[] methods, Func<ClrObject, string> describe) : IInspector
{
    private readonly HashSet<string> _waitFrames = methods.Select(m => $"{type}.{m}").ToHashSet();

    public static IInspector[] All { get; } =
    [
        new EventInspector("System.Threading.ManualResetEventSlim", ["Wait"],
            e => $"waiting for ManualResetEventSlim <0x{e.Address:x}> to be set"),
        new EventInspector("System.Threading.CountdownEvent", ["Wait"],
            e => $"waiting for CountdownEvent <0x{e.Address:x}>" +
                (e.TryReadField("_currentCount", out int left) ? $" ({left} signal(s) left)" : "")),
        new EventInspector("System.Threading.Barrier", ["SignalAndWait"],
            e => $"waiting at Barrier <0x{e.Address:x}> for the other participants"),
    ];

    public ObservedWait? FindWait(ThreadView thread, RuntimeView runtime)
    {
        if (FrameNames.FindBlockingFrame(thread, _waitFrames) is not int index)
        {
            return null;
        }
        ClrObject? primitive = thread.RootsFromCallerInward(index).FirstMatching(o => o.Type?.Name == type);
        var wait = primitive is { } e
            ? new Wait(WaitKind.Event, ObjectAddress: e.Address, ObjectType: type, Description: describe(e))
            : new Wait(WaitKind.Event, ObjectType: type, Description: $"waiting on a {type[(type.LastIndexOf('.') + 1)..]}");
        return new ObservedWait(index, null, wait);
    }
}
