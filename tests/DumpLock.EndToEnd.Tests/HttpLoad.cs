using System.Net.Sockets;
using System.Threading;

namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// Real concurrent HTTP requests to a scenario's web server: all sent at once, none awaited by the
/// test (a starved server answers none of them). Disposing cancels whatever is still pending.
/// </summary>
internal sealed class HttpLoad : IDisposable
{
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromMinutes(5) };
    private readonly CancellationTokenSource _cancel = new();
    private readonly List<Task> _requests = [];

    public HttpLoad(string baseUrl, int count)
    {
        for (int i = 0; i < count; i++)
        {
            _requests.Add(Send(new Uri($"{baseUrl}/orders/{i}")));
        }
    }

    private async Task Send(Uri uri)
    {
        try
        {
            using HttpResponseMessage response = await _client.GetAsync(uri, _cancel.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or SocketException)
        {
            // The scenario is killed with its requests unanswered: that is the point. A connection
            // the kill cuts while it is being set up can surface as a bare SocketException
            // ("Transport endpoint is not connected", from Socket.RemoteEndPoint), not wrapped.
        }
    }

    public void Dispose()
    {
        _cancel.Cancel();
        Task.WaitAll([.. _requests], TimeSpan.FromSeconds(10));
        _client.Dispose();
        _cancel.Dispose();
    }
}
