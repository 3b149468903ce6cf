using DumpLock.Model;

namespace DumpLock.Reading.Inspectors;

/// <summary>
/// Threads stopped in a system call that waits for I/O, named by the P/Invoke frame they are in
/// (the runtime's System.Native shim, "Interop+Sys"): a console or file read, a socket, or the
/// sockets engine's epoll loop. They wait for the outside world, not for another thread.
/// </summary>
internal sealed class SystemCallInspector : IInspector
{
    private static readonly Dictionary<string, string> s_calls = new()
    {
        ["Interop+Sys.Read"] = "read",
        ["Interop+Sys.Write"] = "write",
        ["Interop+Sys.Poll"] = "poll",
        ["Interop+Sys.WaitForSocketEvents"] = "epoll (the sockets engine's event loop)",
        ["Interop+Sys.Receive"] = "socket receive",
        ["Interop+Sys.ReceiveMessage"] = "socket receive",
        ["Interop+Sys.Send"] = "socket send",
        ["Interop+Sys.Accept"] = "socket accept",
        ["Interop+Sys.Connect"] = "socket connect",
    };

    public ObservedWait? FindWait(ThreadView thread, RuntimeView runtime)
    {
        if (thread.IsInManagedCode || thread.Frames.Count == 0 || !s_calls.TryGetValue(thread.NameOf(0), out string? call))
        {
            return null;
        }
        return new ObservedWait(0, null, new Wait(WaitKind.Io) { SystemCall = call });
    }
}
