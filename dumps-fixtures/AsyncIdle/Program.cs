// AsyncIdle (negative control): many pending async flows that are not a hang. 100 "poller" flows
// await Task.Delay(10 minutes) at the same line, and one "reader" flow awaits a socket read on a
// loopback connection that has not sent anything yet. No thread is blocked.
// At READY: the 100 delays and the read are pending. On "release" (after the dump) the delays are
// cancelled and the peer sends a byte: every flow completes, and the program prints DONE.
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Scenarios;

namespace AsyncIdle;

public static class Pollers
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task PollAsync(CancellationToken stop)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(10), stop);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task<int> ReadAsync(NetworkStream stream)
    {
        byte[] buffer = new byte[1];
        return await stream.ReadAsync(buffer);
    }
}

public static class Program
{
    public static void Main()
    {
        using var stop = new CancellationTokenSource();
        Task[] pollers = Enumerable.Range(0, 100).Select(_ => Pollers.PollAsync(stop.Token)).ToArray();

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        client.Connect((IPEndPoint)listener.LocalEndpoint);
        using TcpClient server = listener.AcceptTcpClient();
        Task<int> reading = Pollers.ReadAsync(server.GetStream());

        Ready.WaitFor(() => pollers.All(p => !p.IsCompleted) && !reading.IsCompleted, "the flows to be pending");
        Ready.Announce();

        Ready.WaitForRelease();
        stop.Cancel();
        client.GetStream().WriteByte(42);
        Task.WaitAll([.. pollers, reading]);
        Ready.DoneWhenFinished();
    }
}
