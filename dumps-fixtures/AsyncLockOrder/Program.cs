// AsyncLockOrder: an async lock-order deadlock. Two SemaphoreSlim(1, 1) are used as async locks,
// taken with `await WaitAsync()` and released in a `finally`. One flow takes `accounts` then
// `ledger`, the other `ledger` then `accounts`; both hold their first before either asks for its
// second. No thread is blocked: both flows are suspended, each awaiting the semaphore the other holds.
// At READY: both semaphores are taken (count 0) and each has one async waiter.
using System.Reflection;
using System.Runtime.CompilerServices;
using Scenarios;

namespace AsyncLockOrder;

public static class Bank
{
    public static readonly SemaphoreSlim Accounts = new(1, 1);
    public static readonly SemaphoreSlim Ledger = new(1, 1);
    private static readonly TaskCompletionSource s_bothHoldTheirFirst = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static int s_holding;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task TransferAsync(SemaphoreSlim first, SemaphoreSlim second)
    {
        await first.WaitAsync();
        try
        {
            if (Interlocked.Increment(ref s_holding) == 2)
            {
                s_bothHoldTheirFirst.SetResult();
            }
            await s_bothHoldTheirFirst.Task;
            await second.WaitAsync();
            try
            {
                Console.WriteLine("both locks taken: no deadlock this time");
            }
            finally
            {
                second.Release();
            }
        }
        finally
        {
            first.Release();
        }
    }
}

public static class Program
{
    public static void Main()
    {
        Task one = Task.Run(() => Bank.TransferAsync(Bank.Accounts, Bank.Ledger));
        Task other = Task.Run(() => Bank.TransferAsync(Bank.Ledger, Bank.Accounts));
        Ready.WaitFor(() => HasAsyncWaiter(Bank.Accounts) && HasAsyncWaiter(Bank.Ledger), "each flow to await the other's semaphore");
        Ready.Announce();
        Task.WaitAll(one, other);
    }

    // SemaphoreSlim queues an async waiter in m_asyncHead before WaitAsync returns its task.
    private static bool HasAsyncWaiter(SemaphoreSlim semaphore) =>
        semaphore.CurrentCount == 0
        && typeof(SemaphoreSlim).GetField("m_asyncHead", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(semaphore) is not null;
}
