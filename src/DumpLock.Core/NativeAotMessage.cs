namespace DumpLock;

/// <summary>
/// What DumpLock says of a NativeAOT app, live or dumped. Such an app has the runtime compiled
/// into it (no libcoreclr, no DAC), and DumpLock reads .NET state only through a DAC.
/// </summary>
public static class NativeAotMessage
{
    // NativeAOT's runtime exports this for debuggers (src/coreclr/nativeaot/Runtime/DebugHeader.cpp).
    public const string DebugHeaderSymbol = "DotNetRuntimeDebugHeader";

    // subject: "process 123 is a NativeAOT app", "'core.123' is a dump of a NativeAOT app".
    public static string For(string subject) =>
        $"{subject}, which DumpLock cannot read (no DAC exists for NativeAOT): diagnose the hang with gdb or lldb " +
        "and the app's native symbols (its .dbg file), or publish the service without PublishAot=true and use DumpLock on that build";
}
