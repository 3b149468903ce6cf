using System.Text.Json;
using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading.Runtime;

/// <summary>
/// The runtime's sync table, read through the data contract the runtime publishes for debuggers
/// (the "cDAC" descriptor at <see cref="ClrInfo.ContractDescriptorAddress"/>). On .NET 11 the DAC
/// enumerates no sync blocks, yet a contended or waited-on monitor lives there: entry i of
/// <c>g_pSyncTable</c> is { SyncBlock*, Object* }, and the SyncBlock's first field is a strong
/// handle to the monitor's System.Threading.Lock. Offsets and global addresses come from the
/// descriptor's JSON, never hard-coded (docs/runtime-internals.md §16).
/// </summary>
internal static class SyncTableContract
{
    // Descriptor: +0 magic "DNCCDAC\0", +8 flags, +12 u32 JSON size, +16 JSON pointer,
    // +24 u32 pointer count, +32 pointer-data array (globals given as [[index], type] live there).
    private const ulong Magic = 0x0043414443434e44;

    /// <summary>(object, Lock) of every used entry; empty when the dump has no readable descriptor.</summary>
    public static IReadOnlyList<(ulong Object, ulong Lock)> ReadEntries(ClrRuntime runtime)
    {
        IDataReader reader = runtime.DataTarget.DataReader;
        ulong descriptor = runtime.ClrInfo.ContractDescriptorAddress;
        if (descriptor == 0 || reader.Read<ulong>(descriptor) != Magic)
        {
            return [];
        }
        byte[] json = new byte[reader.Read<uint>(descriptor + 12)];
        if (reader.Read(reader.ReadPointer(descriptor + 16), json) != json.Length)
        {
            return [];
        }
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement globals = document.RootElement.GetProperty("globals");
        JsonElement types = document.RootElement.GetProperty("types");
        ulong pointerData = reader.ReadPointer(descriptor + 32);
        ulong GlobalAddress(string name) => reader.ReadPointer(pointerData + 8 * (ulong)globals.GetProperty(name)[0][0].GetInt32());
        ulong Offset(string type, string field) => (ulong)types.GetProperty(type).GetProperty(field).GetInt32();

        ulong table = reader.ReadPointer(GlobalAddress("SyncTableEntries"));
        ulong cache = reader.ReadPointer(GlobalAddress("SyncBlockCache"));
        uint used = reader.Read<uint>(cache + Offset("SyncBlockCache", "FreeSyncTableIndex"));
        ulong entrySize = Offset("SyncTableEntry", "!");
        var entries = new List<(ulong, ulong)>();
        // Entry 0 is never used; the bound guards against a damaged count.
        for (ulong i = 1; i < Math.Min(used, 1u << 24); i++)
        {
            ulong entry = table + i * entrySize;
            ulong syncBlock = reader.ReadPointer(entry + Offset("SyncTableEntry", "SyncBlock"));
            ulong obj = reader.ReadPointer(entry + Offset("SyncTableEntry", "Object"));
            // Free entries link through Object with the low bit set.
            if (syncBlock == 0 || obj == 0 || (obj & 1) != 0)
            {
                continue;
            }
            ulong handle = reader.ReadPointer(syncBlock + Offset("SyncBlock", "Lock"));
            ulong lockObject = handle == 0 ? 0 : reader.ReadPointer(handle);
            if (lockObject != 0)
            {
                entries.Add((obj, lockObject));
            }
        }
        return entries;
    }
}
