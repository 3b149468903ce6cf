namespace DumpLock.Compression.Zstd;

/// <summary>The most recently used decompressed frames, at most <paramref name="capacity"/> of them.</summary>
internal sealed class FrameCache(int capacity)
{
    private readonly Dictionary<int, LinkedListNode<(int Frame, byte[] Content)>> _byFrame = [];
    private readonly LinkedList<(int Frame, byte[] Content)> _recent = new();

    public byte[]? TryGet(int frame)
    {
        if (!_byFrame.TryGetValue(frame, out var node))
        {
            return null;
        }
        _recent.Remove(node);
        _recent.AddFirst(node);
        return node.Value.Content;
    }

    /// <summary>
    /// Makes room for one more frame and hands back the buffer of the one it dropped, to be reused
    /// (a full cache would otherwise allocate a frame's worth on every miss).
    /// </summary>
    public byte[]? Evicted()
    {
        if (_recent.Count < capacity)
        {
            return null;
        }
        var oldest = _recent.Last!;
        _recent.RemoveLast();
        _byFrame.Remove(oldest.Value.Frame);
        return oldest.Value.Content;
    }

    public void Add(int frame, byte[] content)
    {
        _byFrame[frame] = _recent.AddFirst((frame, content));
    }
}
