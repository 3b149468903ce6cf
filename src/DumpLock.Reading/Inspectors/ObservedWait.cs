using DumpLock.Model;

namespace DumpLock.Reading.Inspectors;

/// <summary>
/// What a thread blocks on, as an inspector found it. <see cref="Lock"/> is set when it waits to
/// acquire a lock; otherwise <see cref="Wait"/> says what it waits for. <see cref="FrameIndex"/> is
/// the frame that waits; <see cref="Annotation"/> is what that frame shows; <see cref="Count"/> is a
/// waited semaphore's current count. For a lock wait,
/// <see cref="Mode"/> is the ReaderWriterLockSlim mode asked for and <see cref="Timed"/> whether the
/// wait has a timeout (null when unknown).
/// </summary>
internal sealed record ObservedWait(
    int FrameIndex,
    ObservedLock? Lock,
    Wait? Wait,
    AnnotationKind? Annotation = null,
    ulong? AnnotatedAddress = null,
    string? AnnotatedType = null,
    int? Count = null,
    bool? Timed = null,
    LockMode? Mode = null,
    int? TimeoutMs = null);
