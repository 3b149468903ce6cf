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

    public (string File, int Line)? Resolve(ClrStackFrame frame)
    {
        if (frame.Method is not { } method || method.Type?.Module is not { } module)
        {
            return null;
        }
        int ilOffset = method.GetILOffset(frame.InstructionPointer);
        if (ilOffset < 0 || Reader(module) is not { } reader)
        {
            return null;
        }
        try
        {
            var handle = MetadataTokens.MethodDebugInformationHandle(method.MetadataToken & 0xFFFFFF);
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
