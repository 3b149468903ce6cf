using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Runtime.InteropServices;
using DumpLock.Reading.Async;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading.Inspectors;

/// <summary>
/// Whether a wait in .NET 11's managed WaitSubsystem has a timeout. No field keeps the timeout (it
/// is an argument), but <c>ThreadWaitInfo.Wait</c> waits forever in a loop around
/// <c>LowLevelMonitor.Wait()</c> and with a timeout in another around <c>LowLevelMonitor.Wait(Int32)</c>
/// (runtime-internals.md §16): the first LowLevelMonitor.Wait call from the frame's IL offset on
/// says which loop the thread is in. The IL and CoreLib's metadata are read from the dump, so this
/// holds wherever the dump is analysed. Null when any step does not match that shape.
/// </summary>
internal sealed class WaitSubsystemTimeouts(ClrRuntime runtime)
{
    private const string WaitFrame = "System.Threading.WaitSubsystem+ThreadWaitInfo.Wait";

    private readonly Dictionary<(ulong Method, int ILOffset), bool?> _byOffset = [];
    // The providers keep the metadata's bytes pinned for their readers.
    private readonly Dictionary<ulong, MetadataReaderProvider?> _metadata = [];

    /// <summary>True for a timed wait, false for one without timeout, null when the thread is not in such a wait or it cannot be told.</summary>
    public bool? IsTimed(ThreadView thread)
    {
        for (int i = 0; i < thread.Frames.Count; i++)
        {
            if (FrameNames.Is(thread.Frames[i], WaitFrame) && thread.Frames[i].Method is { } method)
            {
                int ilOffset = method.GetILOffset(thread.Frames[i].InstructionPointer);
                // Every thread waiting the same way stops at the same offset: read its IL once.
                if (!_byOffset.TryGetValue((method.MethodDesc, ilOffset), out bool? timed))
                {
                    _byOffset[(method.MethodDesc, ilOffset)] = timed = Read(method, ilOffset);
                }
                return timed;
            }
        }
        return null;
    }

    private bool? Read(ClrMethod method, int ilOffset)
    {
        if (ilOffset < 0 || method.GetILInfo() is not { Length: > 0 } info || method.Type?.Module is not { } module
            || Metadata(module) is not { } metadata)
        {
            return null;
        }
        byte[] il = new byte[info.Length];
        if (runtime.DataTarget.DataReader.Read(info.Address, il) != il.Length)
        {
            return null;
        }
        foreach (var (_, opcode, token) in ILScanner.Instructions(il, ilOffset, il.Length))
        {
            // call, callvirt
            if (opcode is 0x28 or 0x6F && ILScanner.Member(metadata, token) is ("System.Threading.LowLevelMonitor", "Wait"))
            {
                return ParameterCount(metadata, token) switch
                {
                    0 => false,
                    1 => true,
                    _ => null,
                };
            }
        }
        return null;
    }

    private static int? ParameterCount(MetadataReader metadata, int token)
    {
        EntityHandle handle = MetadataTokens.EntityHandle(token);
        BlobHandle signature = handle.Kind switch
        {
            HandleKind.MethodDefinition => metadata.GetMethodDefinition((MethodDefinitionHandle)handle).Signature,
            HandleKind.MemberReference => metadata.GetMemberReference((MemberReferenceHandle)handle).Signature,
            _ => default,
        };
        if (signature.IsNil)
        {
            return null;
        }
        BlobReader reader = metadata.GetBlobReader(signature);
        SignatureHeader header = reader.ReadSignatureHeader();
        if (header.IsGeneric)
        {
            reader.ReadCompressedInteger();
        }
        return reader.ReadCompressedInteger();
    }

    /// <summary>The module's metadata as mapped in the dump (CoreLib's is a few MB, read once).</summary>
    private MetadataReader? Metadata(ClrModule module)
    {
        if (!_metadata.TryGetValue(module.Address, out MetadataReaderProvider? provider))
        {
            provider = null;
            if (module.MetadataAddress != 0 && module.MetadataLength is > 0 and < int.MaxValue)
            {
                byte[] image = new byte[module.MetadataLength];
                if (runtime.DataTarget.DataReader.Read(module.MetadataAddress, image) == image.Length)
                {
                    provider = MetadataReaderProvider.FromMetadataImage(ImmutableCollectionsMarshal.AsImmutableArray(image));
                }
            }
            _metadata[module.Address] = provider;
        }
        try
        {
            return provider?.GetMetadataReader();
        }
        catch (BadImageFormatException)
        {
            return null;
        }
    }
}
