// WebStarvation: an ASP.NET Core minimal API on Kestrel whose handler blocks on async work
// (sync over async), starved by concurrent HTTP requests that the test sends.
// GET /orders/{id} calls OrderService.Get, which blocks on LoadAsync(id).GetAwaiter().GetResult();
// LoadAsync awaits Task.Delay(10), whose completion and continuation both need a pool thread.
// The pool is capped at as many workers as processors once Kestrel listens, which makes the state
// last (an uncapped pool adds a thread or two a second, and the hang only grows slower).
// The program prints "LISTENING <url>"; the test then sends 20 concurrent requests.
// At READY: every pool worker is blocked in OrderService.Get (Program.cs), and the pool's queue
// holds the work that would complete their tasks and serve the other requests: starvation.
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Scenarios;

namespace WebStarvation;

public static class OrderService
{
    public static readonly ConcurrentBag<Task<string>> Loading = [];

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Get(int id)
    {
        Task<string> loading = LoadAsync(id);
        Loading.Add(loading);
        return loading.GetAwaiter().GetResult();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<string> LoadAsync(int id)
    {
        await Task.Delay(10);
        return $"order {id}";
    }
}

public static class Program
{
    public static void Main(string[] args)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        app.MapGet("/orders/{id}", (int id) => OrderService.Get(id));
        app.StartAsync().GetAwaiter().GetResult();

        int workers = Environment.ProcessorCount;
        if (!ThreadPool.SetMinThreads(workers, workers) || !ThreadPool.SetMaxThreads(workers, workers))
        {
            Console.Error.WriteLine("scenario not ready: cannot cap the thread pool");
            Environment.Exit(3);
        }
        Console.Out.WriteLine($"LISTENING {app.Urls.First()}");
        Console.Out.Flush();

        Ready.WaitFor(() => OrderService.Loading.Count >= workers
                && OrderService.Loading.Count(t => Ready.BlockedWaitersOf(t) == 1) == workers
                && ThreadPool.PendingWorkItemCount > 0,
            "every pool worker to block in OrderService.Get with work queued");
        Ready.Announce();
        Thread.Sleep(Timeout.Infinite);
    }
}
