namespace DumpLock.Reading.Inspectors;

/// <summary>
/// Reads one blocking primitive: recognises the frames a thread blocks in and the locks it owns.
/// Adding a primitive means adding one inspector; nothing else switches over primitives.
/// </summary>
internal interface IInspector
{
    /// <summary>What the thread blocks on, when its blocking frame is this primitive's; otherwise null.</summary>
    ObservedWait? FindWait(ThreadView thread, RuntimeView runtime);

    /// <summary>The locks of this primitive the thread owns.</summary>
    IEnumerable<ObservedLock> FindHeld(ThreadView thread, RuntimeView runtime) => [];
}
