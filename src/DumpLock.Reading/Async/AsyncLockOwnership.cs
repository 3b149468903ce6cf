using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using DumpLock.Reading.SourceLines;
using Microsoft.Diagnostics.Runtime;
using Microsoft.Diagnostics.Runtime.Interfaces;

namespace DumpLock.Reading.Async;

/// <summary>
/// Which SemaphoreSlim(1, 1) a suspended async method holds: the one that a <c>finally</c> around
/// its current await releases. In
/// <c>await gate.WaitAsync(); try { … await x; … } finally { gate.Release(); }</c>
/// the method suspended at <c>await x</c> got past WaitAsync, and the finally of MoveNext whose try
/// covers that await's yield offset calls SemaphoreSlim.Release on a field path (this.gate, a
/// hoisted local, a static) that names the semaphore. The IL comes from the module on disk.
/// </summary>
internal sealed class AsyncLockOwnership(ClrRuntime runtime, SourceLineResolver lines) : IDisposable
{
    private const string SemaphoreType = "System.Threading.SemaphoreSlim";
    private readonly Dictionary<string, PEReader?> _images = [];

    public IEnumerable<ClrObject> HeldBy(PendingBox box)
    {
        if (box.StateMachineType.Methods.FirstOrDefault(m => m.Name == "MoveNext") is not { } moveNext
            || box.StateMachineType.Module is not { } module
            || lines.YieldOffset(module, moveNext.MetadataToken, box.State) is not int yield
            || Image(module.Name) is not { } pe)
        {
            return [];
        }
        MetadataReader metadata = pe.GetMetadataReader();
        MethodDefinition method = metadata.GetMethodDefinition(System.Reflection.Metadata.Ecma335.MetadataTokens.MethodDefinitionHandle(moveNext.MetadataToken & 0xFFFFFF));
        MethodBodyBlock body = pe.GetMethodBody(method.RelativeVirtualAddress);
        byte[] il = body.GetILBytes() ?? [];
        var finallies = body.ExceptionRegions
            .Where(r => r.Kind == ExceptionRegionKind.Finally && r.TryOffset <= yield && yield < r.TryOffset + r.TryLength)
            .Select(r => (Start: r.HandlerOffset, End: r.HandlerOffset + r.HandlerLength))
            .ToList();
        return ReleasedPaths(metadata, il, finallies)
            .Select(path => Evaluate(path, box, module))
            .OfType<ClrObject>()
            .Where(IsHeldAsyncLock)
            .DistinctBy(s => s.Address);
    }

    /// <summary>
    /// The load paths ("this", field, field…; or a static field) passed to SemaphoreSlim.Release
    /// inside the given handlers. Locals assigned from a path (the compiler caches <c>&lt;&gt;4__this</c>)
    /// stand for that path.
    /// </summary>
    private static List<List<string>> ReleasedPaths(MetadataReader metadata, byte[] il, List<(int Start, int End)> handlers)
    {
        var locals = new Dictionary<int, List<string>>();
        var released = new List<List<string>>();
        List<string>? path = null;
        foreach (var (offset, opcode, operand) in ILScanner.Instructions(il, 0, il.Length))
        {
            switch (opcode)
            {
                case 0x02:   // ldarg.0: the state machine
                    path = ["this"];
                    break;
                case 0x7B when path is not null && ILScanner.Member(metadata, operand) is var (_, field):   // ldfld
                    path = [.. path, field];
                    break;
                case 0x7E when ILScanner.Member(metadata, operand) is var (type, field):   // ldsfld
                    path = [$"static:{type}", field];
                    break;
                case >= 0x0A and <= 0x0D or 0x13 or unchecked((short)0xFE0E):   // stloc
                    int stored = opcode switch { 0x13 or unchecked((short)0xFE0E) => operand, _ => opcode - 0x0A };
                    if (path is not null)
                    {
                        locals.TryAdd(stored, path);
                    }
                    path = null;
                    break;
                case >= 0x06 and <= 0x09 or 0x11 or unchecked((short)0xFE0C):   // ldloc
                    int loaded = opcode switch { 0x11 or unchecked((short)0xFE0C) => operand, _ => opcode - 0x06 };
                    path = locals.GetValueOrDefault(loaded);
                    break;
                case 0x6F or 0x28 when ILScanner.Member(metadata, operand) is (SemaphoreType, "Release"):   // callvirt, call
                    if (path is not null && handlers.Any(h => h.Start <= offset && offset < h.End))
                    {
                        released.Add(path);
                    }
                    path = null;
                    break;
                default:
                    path = null;
                    break;
            }
        }
        return released;
    }

    private ClrObject? Evaluate(List<string> path, PendingBox box, ClrModule module)
    {
        IClrValue? value;
        int next;
        if (path[0] == "this")
        {
            value = box.StateMachine;
            next = 1;
        }
        else
        {
            ClrStaticField? field = module.GetTypeByName(path[0]["static:".Length..])?.GetStaticFieldByName(path[1]);
            value = runtime.AppDomains.FirstOrDefault() is { } domain && field is { IsObjectReference: true } ? field.ReadObject(domain) : null;
            next = 2;
        }
        for (; value is not null && next < path.Count; next++)
        {
            value = value.Type?.GetFieldByName(path[next]) is { IsObjectReference: true } ? value.ReadObjectField(path[next]) : null;
        }
        return value is ClrObject { IsValid: true, IsNull: false } obj && obj.Type?.Name == SemaphoreType ? obj : null;
    }

    /// <summary>A SemaphoreSlim used as a lock (at most one holder) that is taken now.</summary>
    private static bool IsHeldAsyncLock(ClrObject semaphore) =>
        semaphore.TryReadField("m_maxCount", out int max) && max == 1
        && semaphore.TryReadField("m_currentCount", out int count) && count == 0;

    private PEReader? Image(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }
        if (!_images.TryGetValue(path, out PEReader? pe))
        {
            try
            {
                pe = File.Exists(path) ? new PEReader(File.OpenRead(path)) : null;
            }
            catch (IOException)
            {
                pe = null;
            }
            _images[path] = pe;
        }
        return pe;
    }

    public void Dispose()
    {
        foreach (PEReader? pe in _images.Values)
        {
            pe?.Dispose();
        }
    }
}
