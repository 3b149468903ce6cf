using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading;

/// <summary>
/// Whether the dump holds the GC heap. Mini and triage dumps leave heap pages out, so lock owners,
/// thin locks and Thread names are unreadable; the report must say so rather than answer "no deadlock".
/// </summary>
internal static class HeapCheck
{
    public static bool IsHeapInDump(DataTarget target, ClrRuntime runtime)
    {
        foreach (ClrSegment segment in runtime.Heap.Segments)
        {
            if (segment.ObjectRange.Length == 0)
            {
                continue;
            }
            // The first word of an object is its method table; with no heap in the dump it cannot be read.
            return target.DataReader.ReadPointer(segment.FirstObjectAddress, out ulong methodTable) && methodTable != 0;
        }
        return false;
    }
}
