using System.Collections.Immutable;
using DumpLock.Model;
using DumpLock.Reading.Inspectors;
using DumpLock.Reading.SourceLines;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading;

/// <summary>Turns one thread's reading into the model's ThreadInfo, once lock ids are known.</summary>
internal static class ThreadBuilder
{
    public static ThreadInfo Build(ThreadReading reading, ImmutableArray<LockInfo> locks, SourceLineResolver lines)
    {
        ClrThread thread = reading.View.Thread;
        Wait? wait = WaitOf(reading.Wait, locks);
        return new ThreadInfo(
            reading.OsThreadId,
            thread.ManagedThreadId,
            reading.Name,
            StateOf(wait, reading.View),
            SnapshotReader.IsBackground(thread),
            SnapshotReader.IsThreadPool(thread),
            wait,
            Frames(reading, locks, lines));
    }

    private static Wait? WaitOf(ObservedWait? observed, ImmutableArray<LockInfo> locks)
    {
        if (observed?.Lock is { } waited)
        {
            return Wait.ForLock(IdOf(locks, waited.Address)!, observed.Timed) with
            {
                Mode = observed.Mode,
                TimeoutMs = observed.TimeoutMs,
                Count = observed.Count,
            };
        }
        return observed?.Wait;
    }

    /// <summary>
    /// Running only when known: the innermost frame is managed code. A thread stopped in native
    /// code (a wait, a system call) that no inspector recognised is unknown, never running.
    /// </summary>
    private static ThreadState StateOf(Wait? wait, ThreadView view) => wait?.Kind switch
    {
        WaitKind.Lock => ThreadState.Blocked,
        not null => ThreadState.Waiting,
        null when view.IsInManagedCode => ThreadState.Running,
        null => ThreadState.Unknown,
    };

    private static ImmutableArray<Frame> Frames(ThreadReading reading, ImmutableArray<LockInfo> locks, SourceLineResolver lines)
    {
        var annotations = new Dictionary<int, List<FrameAnnotation>>();
        void Annotate(int? frame, FrameAnnotation annotation)
        {
            if (frame is int index)
            {
                (annotations.TryGetValue(index, out var list) ? list : annotations[index] = []).Add(annotation);
            }
        }

        if (reading.Wait is { Annotation: AnnotationKind kind, AnnotatedAddress: ulong address } wait)
        {
            Annotate(wait.FrameIndex, new FrameAnnotation(kind, address, wait.AnnotatedType, IdOf(locks, address)));
        }
        foreach (ObservedLock held in reading.Held)
        {
            Annotate(held.FrameIndex, new FrameAnnotation(AnnotationKind.Locked, held.Address, held.ObjectType, IdOf(locks, held.Address)));
        }

        var frames = ImmutableArray.CreateBuilder<Frame>(reading.View.Frames.Count);
        for (int i = 0; i < reading.View.Frames.Count; i++)
        {
            ClrStackFrame frame = reading.View.Frames[i];
            var line = lines.Resolve(frame);
            frames.Add(new Frame(
                frame.Method?.Signature ?? frame.FrameName ?? "?",
                Path.GetFileName(frame.Method?.Type?.Module?.Name),
                line?.File,
                line?.Line,
                [.. annotations.GetValueOrDefault(i) ?? []])
            {
                SourceUrl = line?.Url,
            });
        }
        return frames.MoveToImmutable();
    }

    private static string? IdOf(ImmutableArray<LockInfo> locks, ulong address) =>
        locks.FirstOrDefault(l => l.Address == address)?.Id;
}
