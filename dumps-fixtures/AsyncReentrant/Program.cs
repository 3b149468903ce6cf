// AsyncReentrant: an async method takes a SemaphoreSlim(1, 1) as a lock and, inside, awaits a
// method that takes it again. SemaphoreSlim is not re-entrant: the inner WaitAsync waits for a
// release that only the suspended outer method's finally would do. A deadlock of one flow; no
// thread is blocked.
// At READY: the gate is taken (count 0) and has one async waiter.
using System.Reflection;
using System.Runtime.CompilerServices;
using Scenarios;

namespace AsyncReentrant;

public static class Store
{
    public static readonly SemaphoreSlim Gate = new(1, 1);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task SaveAsync()
    {
        await Gate.WaitAsync();
        try
        {
            await FlushAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task FlushAsync()
    {
        await Gate.WaitAsync();
        Gate.Release();
    }
}

public static class Program
{
    public static void Main()
    {
        Task saving = Task.Run(Store.SaveAsync);
        Ready.WaitFor(() => Store.Gate.CurrentCount == 0
                && typeof(SemaphoreSlim).GetField("m_asyncHead", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(Store.Gate) is not null,
            "the inner WaitAsync to queue on the gate the outer call holds");
        Ready.Announce();
        saving.Wait();
    }
}
