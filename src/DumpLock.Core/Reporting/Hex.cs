namespace DumpLock.Reporting;

internal static class Hex
{
    public static string Format(ulong address) => $"0x{address:x}";
}
