using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading.SourceLines;

/// <summary>
/// Maps a frame to source file and line through its module's portable PDB: the IL offset of the
/// instruction pointer, then the last visible sequence point at or before it; and to the file's URL
/// when the PDB has a SourceLink map. One PDB per module, opened once. Modules without a matching
/// PDB give no line, never a wrong one, and are listed in <see cref="ModulesWithoutSymbols"/>.
/// </summary>
internal sealed class SourceLineResolver(string? symbolDirectory = null) : IDisposable
{
    private readonly Dictionary<ulong, (MetadataReaderProvider Provider, SourceLinkMap? Links)?> _pdbs = [];
    private readonly SortedSet<string> _withoutSymbols = new(StringComparer.Ordinal);

    // Idle threads share their stacks: a thousand of them ask for the same few (method, IL offset)
    // pairs, and for the same instruction pointers, whose IL offsets the DAC finds slowly.
    private readonly Dictionary<(ulong Module, int Method, int ILOffset), SourceLine?> _lines = [];
    private readonly Dictionary<ulong, SourceLine?> _linesByIp = [];

    // The compilers' "async method stepping information" on an async state machine's MoveNext.
    private static readonly Guid s_asyncStepping = new("54FD2AC5-E925-401A-9C2A-F94F171072F8");

    /// <summary>The file names of the modules whose frames were asked about but that had no matching PDB.</summary>
    public IReadOnlyCollection<string> ModulesWithoutSymbols => _withoutSymbols;

    public SourceLine? Resolve(ClrStackFrame frame)
    {
        if (frame.Method is not { } method || method.Type?.Module is not { } module)
        {
            return null;
        }
        // In a dump an instruction pointer is code of one method only.
        return _linesByIp.GetOrAdd(frame.InstructionPointer, (Resolver: this, Method: method, Module: module),
            static (ip, s) => s.Method.GetILOffset(ip) is int ilOffset and >= 0 ? s.Resolver.Resolve(s.Module, s.Method.MetadataToken, ilOffset) : null);
    }

    /// <summary>The source line of the <paramref name="await"/>-th await (0-based) of an async state machine's MoveNext.</summary>
    public SourceLine? ResolveAwait(ClrMethod moveNext, int await) =>
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

    private SourceLine? Resolve(ClrModule module, int methodToken, int ilOffset)
    {
        return _lines.GetOrAdd((module.Address, methodToken, ilOffset), (Resolver: this, Module: module),
            static (key, s) => s.Resolver.Read(s.Module, key.Item2, key.Item3));
    }

    private SourceLine? Read(ClrModule module, int methodToken, int ilOffset)
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
            if (best is not { } found)
            {
                return null;
            }
            string file = reader.GetString(reader.GetDocument(found.Document).Name);
            return new SourceLine(file, found.StartLine, _pdbs[module.Address]?.Links?.UrlOf(file));
        }
        catch (BadImageFormatException)
        {
            return null;
        }
    }

    private MetadataReader? Reader(ClrModule module)
    {
        if (!_pdbs.TryGetValue(module.Address, out var pdb))
        {
            MetadataReaderProvider? provider = PdbLocator.Open(module, symbolDirectory);
            _pdbs[module.Address] = pdb = provider is null ? null : (provider, SourceLinkMap.Read(provider.GetMetadataReader()));
            if (provider is null && Path.GetFileName(module.Name) is { Length: > 0 } name && IsProgramModule(name))
            {
                _withoutSymbols.Add(name);
            }
        }
        return pdb?.Provider.GetMetadataReader();
    }

    /// <summary>The runtime's and Microsoft's libraries ship without PDBs; only the program's own missing ones are worth saying.</summary>
    private static bool IsProgramModule(string name) =>
        !name.StartsWith("System.", StringComparison.Ordinal) && !name.StartsWith("Microsoft.", StringComparison.Ordinal)
        && name is not ("mscorlib.dll" or "netstandard.dll");

    public void Dispose()
    {
        foreach (var pdb in _pdbs.Values)
        {
            pdb?.Provider.Dispose();
        }
    }
}

/// <summary>A frame's place in the source; <see cref="Url"/> serves the file at its commit (SourceLink), when known.</summary>
internal sealed record SourceLine(string File, int Line, string? Url);
