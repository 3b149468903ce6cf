using System.Runtime.CompilerServices;
using Microsoft.Diagnostics.Runtime;
using Microsoft.Diagnostics.Runtime.AbstractDac;

namespace DumpLock.Reading;

/// <summary>
/// Remembers what the DAC said about each instruction pointer and method. ClrMD resolves every
/// stack frame's method anew (three DAC calls per frame), and a service's threads share most of
/// their frames: a thousand idle threads ask about the same few dozen instruction pointers. A dump,
/// or a process suspended while it is read, does not change under a runtime, so the first answer
/// stays right for the runtime's life.
/// </summary>
internal sealed class MethodLocatorCache(IAbstractMethodLocator dac) : IAbstractMethodLocator
{
    private readonly Dictionary<ulong, ulong> _methodByIp = [];
    private readonly Dictionary<ulong, ulong> _typeByMethod = [];
    private readonly Dictionary<ulong, (bool Found, MethodInfo Info)> _infoByMethod = [];

    /// <summary>
    /// Puts a cache in front of the runtime's method locator. ClrMD has no public way to do this:
    /// it keeps the locator in a private field that it fills on first use (ClrMD 4.1, ClrRuntime).
    /// Should a later ClrMD rename it, the runtime stays as it is: slower, never wrong.
    /// </summary>
    public static void Install(ClrRuntime runtime)
    {
        try
        {
            if (TryGetMethodLocator(runtime) is { } dac and not MethodLocatorCache)
            {
                MethodLocatorField(runtime) = new MethodLocatorCache(dac);
            }
        }
        catch (Exception e) when (e is MissingMemberException)
        {
        }
    }

    public ulong GetMethodHandleByInstructionPointer(ulong ip) =>
        _methodByIp.GetOrAdd(ip, dac, static (ip, dac) => dac.GetMethodHandleByInstructionPointer(ip));

    public ulong GetMethodHandleContainingType(ulong methodDesc) =>
        _typeByMethod.GetOrAdd(methodDesc, dac, static (md, dac) => dac.GetMethodHandleContainingType(md));

    public bool GetMethodInfo(ulong methodDesc, out MethodInfo methodInfo)
    {
        (bool found, methodInfo) = _infoByMethod.GetOrAdd(methodDesc, dac,
            static (md, dac) => (dac.GetMethodInfo(md, out MethodInfo info), info));
        return found;
    }

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "TryGetMethodLocator")]
    private static extern IAbstractMethodLocator? TryGetMethodLocator(ClrRuntime runtime);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_methodLocator")]
    private static extern ref IAbstractMethodLocator? MethodLocatorField(ClrRuntime runtime);
}
