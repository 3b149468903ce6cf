using DumpLock.Reading.Inspectors;

namespace DumpLock.Reading;

/// <summary>What the inspectors found on one thread, before lock ids are known.</summary>
internal sealed record ThreadReading(
    ThreadView View,
    int OsThreadId,
    string? Name,
    ObservedWait? Wait,
    IReadOnlyList<ObservedLock> Held);
