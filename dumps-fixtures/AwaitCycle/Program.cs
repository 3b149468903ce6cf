// AwaitCycle: two async methods await each other's task. Reports.LoadAsync awaits the task of
// Totals.LoadAsync and Totals.LoadAsync awaits the task of Reports.LoadAsync (two lazily shared
// results that depend on each other). Both start by awaiting a common start signal, so each task
// exists before the other awaits it. No thread is blocked.
// At READY: each task has the other's state machine as its continuation: an await cycle.
using System.Reflection;
using System.Runtime.CompilerServices;
using Scenarios;

namespace AwaitCycle;

public static class Shared
{
    public static readonly TaskCompletionSource Start = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public static Task<int> Reports = Task.FromResult(0);
    public static Task<int> Totals = Task.FromResult(0);
}

public static class Reports
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task<int> LoadAsync()
    {
        await Shared.Start.Task;
        return await Shared.Totals + 1;
    }
}

public static class Totals
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task<int> LoadAsync()
    {
        await Shared.Start.Task;
        return await Shared.Reports + 1;
    }
}

public static class Program
{
    public static void Main()
    {
        Shared.Reports = Reports.LoadAsync();
        Shared.Totals = Totals.LoadAsync();
        Shared.Start.SetResult();
        Ready.WaitFor(() => IsAwaited(Shared.Reports) && IsAwaited(Shared.Totals), "each task to be awaited by the other");
        Ready.Announce();
        Thread.Sleep(Timeout.Infinite);
    }

    // Awaiting a task sets its continuation to the awaiting method's state machine box.
    private static bool IsAwaited(Task task) =>
        typeof(Task).GetField("m_continuationObject", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(task)
            ?.GetType().Name.StartsWith("AsyncStateMachineBox", StringComparison.Ordinal) == true;
}
