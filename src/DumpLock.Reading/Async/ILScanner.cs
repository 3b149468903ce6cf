using System.Reflection.Emit;
using System.Reflection.Metadata;

namespace DumpLock.Reading.Async;

/// <summary>
/// Walks IL instruction by instruction: each opcode with its metadata token operand when it has
/// one. Operand sizes come from the runtime's own opcode table (System.Reflection.Emit.OpCodes).
/// </summary>
internal static class ILScanner
{
    private static readonly Dictionary<short, OperandType> s_operands = typeof(OpCodes)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    /// <summary>(offset, opcode value, token or local index or 0) for each instruction in [start, end).</summary>
    public static IEnumerable<(int Offset, short OpCode, int Operand)> Instructions(byte[] il, int start, int end)
    {
        int i = start;
        while (i < end && i < il.Length)
        {
            int offset = i;
            short value = il[i] == 0xFE && i + 1 < il.Length ? (short)(0xFE00 | il[++i]) : il[i];
            i++;
            if (!s_operands.TryGetValue(value, out OperandType operand))
            {
                yield break;
            }
            int size = Size(operand, il, i);
            int argument = size switch
            {
                1 => il[i],
                2 => BitConverter.ToUInt16(il, i),
                4 when i + 4 <= il.Length => BitConverter.ToInt32(il, i),
                _ => 0,
            };
            i += size;
            yield return (offset, value, argument);
        }
    }

    private static int Size(OperandType operand, byte[] il, int at) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch when at + 4 <= il.Length => 4 + 4 * BitConverter.ToInt32(il, at),
        _ => 4,
    };

    /// <summary>The name and declaring type name of a field or method token (FieldDef, MethodDef or MemberRef).</summary>
    public static (string Type, string Name)? Member(MetadataReader metadata, int token)
    {
        EntityHandle handle = System.Reflection.Metadata.Ecma335.MetadataTokens.EntityHandle(token);
        switch (handle.Kind)
        {
            case HandleKind.FieldDefinition:
                FieldDefinition field = metadata.GetFieldDefinition((FieldDefinitionHandle)handle);
                return (TypeName(metadata, field.GetDeclaringType()), metadata.GetString(field.Name));
            case HandleKind.MethodDefinition:
                MethodDefinition method = metadata.GetMethodDefinition((MethodDefinitionHandle)handle);
                return (TypeName(metadata, method.GetDeclaringType()), metadata.GetString(method.Name));
            case HandleKind.MemberReference:
                MemberReference member = metadata.GetMemberReference((MemberReferenceHandle)handle);
                string parent = member.Parent.Kind switch
                {
                    HandleKind.TypeReference => TypeName(metadata, (TypeReferenceHandle)member.Parent),
                    HandleKind.TypeDefinition => TypeName(metadata, (TypeDefinitionHandle)member.Parent),
                    _ => "",
                };
                return (parent, metadata.GetString(member.Name));
            default:
                return null;
        }
    }

    private static string TypeName(MetadataReader metadata, TypeDefinitionHandle handle)
    {
        TypeDefinition type = metadata.GetTypeDefinition(handle);
        string ns = metadata.GetString(type.Namespace);
        return ns.Length == 0 ? metadata.GetString(type.Name) : $"{ns}.{metadata.GetString(type.Name)}";
    }

    private static string TypeName(MetadataReader metadata, TypeReferenceHandle handle)
    {
        TypeReference type = metadata.GetTypeReference(handle);
        string ns = metadata.GetString(type.Namespace);
        return ns.Length == 0 ? metadata.GetString(type.Name) : $"{ns}.{metadata.GetString(type.Name)}";
    }
}
