using DumpLock.Compression.Elf;

namespace DumpLock.Compression.Zstd;

/// <summary>
/// Where the frames of a compressed core should end, learnt from the core's program headers as its
/// first bytes arrive: at each segment's edges, and every <see cref="TailFrame"/> bytes over a
/// segment's last <see cref="TailSpan"/>. An analysis reads a few pages at the top of each thread's
/// stack (its newest frames; the thread's TLS lies above them), which is the end of the stack's
/// segment. With 64 KiB frames cut from the file's start, an analysis of 1000 idle threads
/// decompressed 85 MB to read 17 MB of pages (48 ms of libzstd); cut here, 34 MB (30 ms), for 3 %
/// more frames (docs/benchmarks.md).
/// Anything but an ELF core (or one whose headers do not fit in <see cref="MaxHeaderBytes"/>)
/// gets no cuts: plain 64 KiB frames.
/// </summary>
internal sealed class CoreFrameCuts
{
    public const int TailFrame = 16 * 1024;
    public const int TailSpan = 64 * 1024;

    /// <summary>A core of 1000 threads has ~2200 segments, 120 KB of program headers.</summary>
    private const int MaxHeaderBytes = 4 << 20;

    private MemoryStream? _head = new();
    private long[] _cuts = [];

    /// <summary>Sees the content's next bytes, <paramref name="bytes"/> at content offset <paramref name="position"/>, until the headers are read.</summary>
    public void Observe(ReadOnlySpan<byte> bytes, long position)
    {
        if (_head is null || position != _head.Length)
        {
            return;
        }
        _head.Seek(0, SeekOrigin.End);
        _head.Write(bytes[..(int)Math.Min(bytes.Length, MaxHeaderBytes - _head.Length)]);
        long? needed = ElfFile.HeaderTableEnd(_head);
        if (needed is null && _head.Length < 64)
        {
            return;
        }
        if (needed is long end && end <= MaxHeaderBytes && _head.Length < end)
        {
            return;
        }
        if (ElfFile.Read(_head) is { Type: ElfFile.CoreType } core)
        {
            _cuts = CutsOf(core);
        }
        _head = null;
    }

    /// <summary>The first cut after <paramref name="position"/>, or null.</summary>
    public long? NextAfter(long position)
    {
        int found = Array.BinarySearch(_cuts, position + 1);
        found = found >= 0 ? found : ~found;
        return found < _cuts.Length ? _cuts[found] : null;
    }

    private static long[] CutsOf(ElfFile core)
    {
        var cuts = new SortedSet<long>();
        foreach (ElfProgramHeader segment in core.ProgramHeaders.Where(h => h.FileSize > 0))
        {
            long end = segment.Offset + segment.FileSize;
            cuts.Add(segment.Offset);
            for (long cut = end; cut > segment.Offset && end - cut <= TailSpan; cut -= TailFrame)
            {
                cuts.Add(cut);
            }
        }
        return [.. cuts];
    }
}
