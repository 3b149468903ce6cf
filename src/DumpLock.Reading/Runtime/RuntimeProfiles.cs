namespace DumpLock.Reading.Runtime;

/// <summary>The runtime major versions DumpLock has been verified on, one row each.</summary>
internal static class RuntimeProfiles
{
    private const string Monitor = "System.Threading.Monitor";
    private const string Thread = "System.Threading.Thread";

    // .NET 8 and 9 block in FCALLs that show as runtime frames with their method set.
    private static readonly RuntimeProfile s_net8 = new()
    {
        Major = 8,
        MonitorEnter = new HashSet<string> { $"{Monitor}.ReliableEnter", $"{Monitor}.Enter" },
        MonitorTryEnter = new HashSet<string> { $"{Monitor}.ReliableEnterTimeout", $"{Monitor}.TryEnter" },
        MonitorWait = new HashSet<string> { $"{Monitor}.Wait", $"{Monitor}.ObjWait" },
        MonitorsAreLocks = false,
        LockOwnerIsManagedId = false,
        WaitHandlesAreManaged = false,
        Join = new HashSet<string> { $"{Thread}.Join" },
        JoinRootsTheJoinEvent = false,
        Sleep = new HashSet<string> { $"{Thread}.Sleep", $"{Thread}.SleepInternal" },
        ClassInitWait = new HashSet<string>(),
        ClassInitHelperFrame = "HelperMethodFrame",
        IdleWorkerWait = new HashSet<string> { "System.Threading.LowLevelLifoSemaphore.WaitForSignal" },
        HasThreadBlockingInfo = false,
    };

    private static readonly RuntimeProfile s_net9 = s_net8 with
    {
        Major = 9,
        MonitorWait = new HashSet<string> { $"{Monitor}.Wait" },
        Sleep = new HashSet<string> { $"{Thread}.Sleep" },
        HasThreadBlockingInfo = true,
    };

    // .NET 10 moved the Monitor slow paths to managed code over the native AwareLock. The public
    // Enter/TryEnter frames above them are listed too: the outermost is the call the program made.
    private static readonly RuntimeProfile s_net10 = s_net9 with
    {
        Major = 10,
        MonitorEnter = new HashSet<string> { $"{Monitor}.Enter_Slowpath", $"{Monitor}.Enter" },
        MonitorTryEnter = new HashSet<string> { $"{Monitor}.TryEnter_Slowpath", $"{Monitor}.TryEnter" },
        ClassInitWait = new HashSet<string> { "System.Runtime.CompilerServices.InitHelpers.InitClassSlow" },
        ClassInitHelperFrame = null,
    };

    // .NET 11: Monitor is managed code over System.Threading.Lock, every wait ends in the managed
    // WaitSubsystem, and Monitor.Wait waits on a System.Threading.Condition.
    private static readonly RuntimeProfile s_net11 = s_net10 with
    {
        Major = 11,
        MonitorEnter = new HashSet<string> { $"{Monitor}.Enter", "System.Threading.Lock.Enter" },
        MonitorTryEnter = new HashSet<string> { $"{Monitor}.TryEnter", "System.Threading.Lock.TryEnter_Outlined" },
        MonitorWait = new HashSet<string> { $"{Monitor}.Wait", "System.Threading.Condition.Wait" },
        MonitorsAreLocks = true,
        LockOwnerIsManagedId = true,
        WaitHandlesAreManaged = true,
        Join = new HashSet<string> { $"{Thread}.Join", $"{Thread}.JoinInternal" },
        JoinRootsTheJoinEvent = true,
        // The pool's semaphore waits in managed code: WaitAsWaiter → Block → LowLevelThreadBlocker.
        IdleWorkerWait = new HashSet<string> { "System.Threading.LowLevelLifoSemaphore.WaitAsWaiter" },
    };

    private static readonly RuntimeProfile[] s_all = [s_net8, s_net9, s_net10, s_net11];

    public static IEnumerable<int> VerifiedMajors => s_all.Select(p => p.Major);

    /// <summary>The row for a major version, or null when DumpLock has not been verified on it.</summary>
    public static RuntimeProfile? For(int major) => s_all.FirstOrDefault(p => p.Major == major);

    /// <summary>What to read an unverified version with: the nearest verified one.</summary>
    public static RuntimeProfile Nearest(int major) => s_all.MinBy(p => Math.Abs(p.Major - major))!;
}
