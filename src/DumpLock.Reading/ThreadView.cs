using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading;

/// <summary>
/// One thread as the inspectors see it: its method frames innermost first and the objects each
/// frame keeps alive (its stack roots). Roots are read once per thread and matched to frames by
/// stack and instruction pointer, because ClrMD hands out distinct frame objects for the two walks.
/// </summary>
internal sealed class ThreadView
{
    private readonly Dictionary<(ulong Sp, ulong Ip), List<ClrObject>> _rootsByFrame;
    // Every inspector matches frame names: each is formatted once, when first asked for.
    private readonly string?[] _names;
    private int? _runtimePrefixLength;
    private ClrObject[]? _allRoots;

    public ThreadView(ClrThread thread)
    {
        Thread = thread;
        List<ClrStackFrame> all = thread.EnumerateStackTrace(includeContext: false).ToList();
        IsInManagedCode = all is [{ Kind: ClrStackFrameKind.ManagedMethod }, ..];
        InnermostHelperFrame = all is [{ Kind: ClrStackFrameKind.Runtime, Method: null, FrameName: string name }, ..] ? name : null;
        Frames = all.Where(f => f.Method is not null).ToList();
        _names = new string?[Frames.Count];
        _rootsByFrame = [];
        foreach (ClrStackRoot root in thread.EnumerateStackRoots())
        {
            if (root.StackFrame is not { } frame || !root.Object.IsValid)
            {
                continue;
            }
            var key = (frame.StackPointer, frame.InstructionPointer);
            (_rootsByFrame.TryGetValue(key, out var list) ? list : _rootsByFrame[key] = []).Add(root.Object);
        }
    }

    public ClrThread Thread { get; }

    /// <summary>The name of the innermost frame when it is a runtime frame with no method (a bare "HelperMethodFrame").</summary>
    public string? InnermostHelperFrame { get; }

    /// <summary>The innermost frame is a managed method: the thread was running managed code, not stopped in native code.</summary>
    public bool IsInManagedCode { get; }

    public IReadOnlyList<ClrStackFrame> Frames { get; }

    /// <summary>The frame's method as the inspectors match it: "System.Threading.Monitor.Enter_Slowpath".</summary>
    public string NameOf(int frameIndex) => _names[frameIndex] ??= FrameNames.QualifiedName(Frames[frameIndex]);

    public bool HasFrameNamed(string name)
    {
        for (int i = Frames.Count - 1; i >= 0; i--)
        {
            if (FrameNames.Is(Frames[i], name))
            {
                return true;
            }
        }
        return false;
    }

    public IEnumerable<ClrObject> RootsOf(int frameIndex)
    {
        ClrStackFrame frame = Frames[frameIndex];
        return _rootsByFrame.GetValueOrDefault((frame.StackPointer, frame.InstructionPointer)) ?? [];
    }

    /// <summary>
    /// Roots of a blocking frame and of the frames it called, outermost first: the object a
    /// primitive waits for is an argument somewhere along that chain, depending on inlining.
    /// </summary>
    public IEnumerable<ClrObject> RootsFromFrameInward(int frameIndex) =>
        Enumerable.Range(0, frameIndex + 1).Reverse().SelectMany(RootsOf);

    /// <summary>
    /// Roots from the caller of a blocking frame inward: a public wait method's <c>this</c> is not
    /// always reported in its own frame, but the caller holds the object it called the method on.
    /// </summary>
    public IEnumerable<ClrObject> RootsFromCallerInward(int frameIndex) =>
        RootsFromFrameInward(Math.Min(frameIndex + 1, Frames.Count - 1));

    /// <summary>Every object the thread's stack keeps alive, each once: what the lock inspectors look through for held locks.</summary>
    public IReadOnlyList<ClrObject> AllRoots => _allRoots ??= [.. _rootsByFrame.Values.SelectMany(r => r).DistinctBy(o => o.Address)];

    /// <summary>The innermost frame index whose roots include <paramref name="address"/>, or null.</summary>
    public int? InnermostFrameRooting(ulong address)
    {
        for (int i = 0; i < Frames.Count; i++)
        {
            if (RootsOf(i).Any(o => o.Address == address))
            {
                return i;
            }
        }
        return null;
    }

    /// <summary>
    /// How many innermost frames belong to the runtime's own libraries (CoreLib and friends) before
    /// the first frame of the program. A blocking primitive's frames all sit in this prefix.
    /// </summary>
    public int RuntimePrefixLength => _runtimePrefixLength ??= CountRuntimeFrames();

    private int CountRuntimeFrames()
    {
        int i = 0;
        while (i < Frames.Count && FrameNames.IsRuntimeLibrary(Frames[i]))
        {
            i++;
        }
        return i;
    }
}
