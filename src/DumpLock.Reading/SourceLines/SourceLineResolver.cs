using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading.SourceLines;

/// <summary>
/// Maps a frame to source file and line through its module's portable PDB: the IL offset of the
/// instruction pointer, then the last visible sequence point at or before it. One PDB per module,
/// opened once. Modules without a matching PDB give no line, never a wrong one.
/// </summary>
internal sealed class SourceLineResolver : IDisposable
{
    private readonly Dictionary<ulong, MetadataReaderProvider?> _pdbs = [];

    // The compilers' "async method stepping information" on an async state machine's MoveNext.
    private static readonly Guid s_asyncStepping = new("54FD2AC5-E925-401A-9C2A-F94F171072F8");

    public (string File, int Line)? Resolve(ClrStackFrame frame)
    {
        if (frame.Method is not { } method || method.Type?.Module is not { } module)
        {
            return null;
        }
        int ilOffset = method.GetILOffset(frame.InstructionPointer);
        return ilOffset < 0 ? null : Resolve(module, method.MetadataToken, ilOffset);
    }

    /// <summary>The source line of the <paramref name="await"/>-th await (0-based) of an async state machine's MoveNext.</summary>
    public (string File, int Line)? ResolveAwait(ClrMethod moveNext, int await) =>
        moveNext.Type?.Module is { } module && YieldOffset(module, moveNext.MetadataToken, await) is int offset
            ? Resolve(module, moveNext.MetadataToken, offset)
            : null;

    /// <summary>
    /// The IL offset where MoveNext suspends at its <paramref name="await"/>-th await: the PDB's async
    /// stepping information lists them in order as (yield offset, resume offset, resume method),
    /// after the catch handler's offset (portable PDB format, "AsyncMethodSteppingInformation").
    /// The compiler numbers the state machine's states in the same order.
    /// </summary>
    public int? YieldOffset(ClrModule module, int methodToken, int await)
    {
        if (await < 0 || Reader(module) is not { } reader)
        {
            return null;
        }
        try
        {
            var method = MetadataTokens.MethodDefinitionHandle(methodToken & 0xFFFFFF);
            foreach (CustomDebugInformationHandle handle in reader.GetCustomDebugInformation(method))
            {
                CustomDebugInformation info = reader.GetCustomDebugInformation(handle);
                if (reader.GetGuid(info.Kind) != s_asyncStepping)
                {
                    continue;
                }
                BlobReader blob = reader.GetBlobReader(info.Value);
                blob.ReadUInt32();
                for (int i = 0; blob.RemainingBytes > 0; i++)
                {
                    int yield = (int)blob.ReadUInt32();
                    blob.ReadUInt32();
                    blob.ReadCompressedInteger();
                    if (i == await)
                    {
                        return yield;
                    }
                }
            }
        }
        catch (BadImageFormatException)
        {
        }
        return null;
    }

    private (string File, int Line)? Resolve(ClrModule module, int methodToken, int ilOffset)
    {
        if (Reader(module) is not { } reader)
        {
            return null;
        }
        try
        {
            var handle = MetadataTokens.MethodDebugInformationHandle(methodToken & 0xFFFFFF);
            SequencePoint? best = null;
            foreach (SequencePoint point in reader.GetMethodDebugInformation(handle).GetSequencePoints())
            {
                if (!point.IsHidden && point.Offset <= ilOffset)
                {
                    best = point;
                }
            }
            return best is { } p ? (reader.GetString(reader.GetDocument(p.Document).Name), p.StartLine) : null;
        }
        catch (BadImageFormatException)
        {
            return null;
        }
    }

    private MetadataReader? Reader(ClrModule module)
    {
        if (!_pdbs.TryGetValue(module.Address, out MetadataReaderProvider? provider))
        {
            _pdbs[module.Address] = provider = PdbLocator.Open(module);
        }
        return provider?.GetMetadataReader();
    }

    public void Dispose()
    {
        foreach (MetadataReaderProvider? provider in _pdbs.Values)
        {
            provider?.Dispose();
        }
    }
}
