using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading;

/// <summary>Names of frames as the inspectors match them: "System.Threading.Monitor.Enter_Slowpath".</summary>
internal static class FrameNames
{
    public static string QualifiedName(ClrStackFrame frame) =>
        frame.Method is { } method ? $"{method.Type?.Name}.{method.Name}" : "";

    /// <summary>Whether the frame's <see cref="QualifiedName"/> is <paramref name="name"/>, without formatting it.</summary>
    public static bool Is(ClrStackFrame frame, string name)
    {
        if (frame.Method is not { } method)
        {
            return name.Length == 0;
        }
        ReadOnlySpan<char> type = method.Type?.Name, methodName = method.Name;
        return name.Length == type.Length + 1 + methodName.Length
            && name.AsSpan().StartsWith(type) && name[type.Length] == '.' && name.AsSpan(type.Length + 1).SequenceEqual(methodName);
    }

    /// <summary>
    /// True for frames of the runtime's libraries: the primitives live in System.Private.CoreLib,
    /// and some (CountdownEvent, Barrier) in System.Threading.dll. The check is on the module's file
    /// name so that self-contained and framework-dependent apps look alike.
    /// </summary>
    public static bool IsRuntimeLibrary(ClrStackFrame frame)
    {
        string? module = frame.Method?.Type?.Module?.Name;
        return module is not null && Path.GetFileName(module.AsSpan()).StartsWith("System.", StringComparison.Ordinal);
    }

    /// <summary>
    /// The outermost frame of the runtime prefix whose name is in <paramref name="names"/>: the
    /// primitive the program called, not the machinery it blocks in (a Lock waits on an event).
    /// </summary>
    public static int? FindBlockingFrame(ThreadView thread, IReadOnlySet<string> names)
    {
        for (int i = thread.RuntimePrefixLength - 1; i >= 0; i--)
        {
            if (names.Contains(thread.NameOf(i)))
            {
                return i;
            }
        }
        return null;
    }
}
