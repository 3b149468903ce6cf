using DumpLock.Model;

namespace DumpLock.Reading.Inspectors;

/// <summary><c>Thread.Sleep</c>: waits for nobody; a sleeping lock holder is the root of a blocking chain.</summary>
internal sealed class SleepInspector : IInspector
{
    private static readonly HashSet<string> s_sleepFrames =
    [
        "System.Threading.Thread.Sleep",
        "System.Threading.Thread.SleepInternal",   // .NET 8
    ];

    public ObservedWait? FindWait(ThreadView thread, RuntimeView runtime) =>
        FrameNames.FindBlockingFrame(thread, s_sleepFrames) is int index
            ? new ObservedWait(index, null, new Wait(WaitKind.Other, Description: "sleeping (Thread.Sleep)"))
            : null;
}
