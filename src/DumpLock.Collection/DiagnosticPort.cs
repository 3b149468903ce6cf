using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace DumpLock.Collection;

/// <summary>
/// The one diagnostic-port command DumpLock sends: write a dump. Spoken directly over the socket
/// (dotnet/diagnostics documentation/design-docs/ipc-protocol.md) because NETCore.Client connects
/// only to sockets in our own $TMPDIR named by our own view of the PID, and a process in a
/// container has its socket under /proc/&lt;pid&gt;/root/tmp, named by its PID inside the container.
/// </summary>
internal static class DiagnosticPort
{
    private static readonly byte[] s_magic = "DOTNET_IPC_V1\0"u8.ToArray();
    private const int HeaderSize = 20;
    private const byte DumpCommandSet = 0x01;
    // GenerateCoreDump3 (.NET 7+): on failure the reply carries createdump's own words.
    private const byte GenerateCoreDump3 = 0x03;
    private const byte ErrorResponse = 0xFF;
    private const uint UnknownCommand = 0x80131384;

    public enum DumpType : uint
    {
        Normal = 1,
        WithHeap = 2,
        Triage = 3,
        Full = 4,
    }

    /// <summary>
    /// Asks the runtime behind <paramref name="socketPath"/> to write a dump to <paramref name="dumpPath"/>,
    /// a path in the target's own mount namespace. Returns when the runtime says it is done: null,
    /// or why it could not write the dump.
    /// </summary>
    /// <exception cref="SocketException">the socket does not answer</exception>
    public static string? WriteDump(string socketPath, DumpType type, string dumpPath)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        socket.Send(Request(GenerateCoreDump3, Payload(dumpPath, (uint)type, flags: 0)));

        byte[] header = Receive(socket, HeaderSize);
        int size = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(14));
        byte[] payload = Receive(socket, size - HeaderSize);
        if (header[17] != ErrorResponse)
        {
            return null;
        }
        uint hresult = BinaryPrimitives.ReadUInt32LittleEndian(payload);
        string message = hresult == UnknownCommand ? "the runtime is older than .NET 7, which DumpLock does not support"
            : payload.Length >= 8 ? ReadString(payload.AsSpan(4)) : "";
        return message.Length > 0 ? message : $"the runtime answered with error 0x{hresult:X8}";
    }

    private static byte[] Request(byte commandId, byte[] payload)
    {
        var message = new byte[HeaderSize + payload.Length];
        s_magic.CopyTo(message, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(14), (ushort)message.Length);
        message[16] = DumpCommandSet;
        message[17] = commandId;
        payload.CopyTo(message, HeaderSize);
        return message;
    }

    /// <summary>A string is its length in UTF-16 code units, the terminating NUL included, then the units.</summary>
    private static byte[] Payload(string path, uint type, uint flags)
    {
        byte[] text = Encoding.Unicode.GetBytes(path + "\0");
        var payload = new byte[4 + text.Length + 8];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, (uint)(path.Length + 1));
        text.CopyTo(payload, 4);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(4 + text.Length), type);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(8 + text.Length), flags);
        return payload;
    }

    private static string ReadString(ReadOnlySpan<byte> data)
    {
        int units = (int)BinaryPrimitives.ReadUInt32LittleEndian(data);
        int bytes = Math.Min(units * 2, data.Length - 4);
        return Encoding.Unicode.GetString(data.Slice(4, bytes)).TrimEnd('\0');
    }

    private static byte[] Receive(Socket socket, int count)
    {
        var buffer = new byte[count];
        for (int read = 0; read < count;)
        {
            int n = socket.Receive(buffer, read, count - read, SocketFlags.None);
            if (n == 0)
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }
            read += n;
        }
        return buffer;
    }
}
