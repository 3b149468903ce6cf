namespace DumpLock.EndToEnd.Tests;

/// <summary>Waits that no single thread owns: recorded as waits, never closing a cycle.</summary>
public sealed class NoOwnerWaitsTests(NoOwnerWaitsDumps dumps) : IClassFixture<NoOwnerWaitsDumps>
{
    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void NoWaitWithoutAnOwnerMakesADeadlock(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        Assert.True(dump.Json.ExitCode == 0, dump.Json.ToString());
        Assert.Empty(dump.Deadlocks);
        Assert.Equal("blocked", dump.Report.GetProperty("summary").Str("verdict"));
    }

    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void SemaphoreWaitNamesTheSemaphoreItsCountAndThatItHasNoOwner(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        var semaphore = dump.LockWaitedBy("sem-waiter");

        Assert.Equal("SemaphoreSlim", semaphore.Str("kind"));
        Assert.Empty(semaphore.GetProperty("owners").Ints());
        Assert.Equal([dump.TidOf("sem-waiter")], semaphore.GetProperty("waiters").Ints());
        var waitingFor = dump.ThreadNamed("sem-waiter").GetProperty("waitingFor");
        Assert.Equal(0, waitingFor.GetProperty("count").GetInt32());
        Assert.Matches(@"^waiting on SemaphoreSlim <0x[0-9a-f]+> \(count 0\)$", waitingFor.Str("description"));
        Assert.Contains("a semaphore has no owner", dump.Text.StdOut);
    }

    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void MutexWaitIsALockWhoseOwnerIsRecordedFromDotNet11On(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        var mutex = dump.LockWaitedBy("mutex-waiter");

        Assert.Equal("Mutex", mutex.Str("kind"));
        Assert.Equal("System.Threading.Mutex", mutex.Str("objectType"));
        int[] owners = runtime == "11" ? [dump.TidOf("mutex-holder")] : [];
        Assert.Equal(owners, mutex.GetProperty("owners").Ints());
        Assert.Equal("blocked", dump.ThreadNamed("mutex-waiter").Str("state"));
    }

    public static TheoryData<string, string, string, string> EventWaits()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (string runtime in Runtimes.Majors)
        {
            data.Add(runtime, "mres-waiter", "event", "System.Threading.ManualResetEventSlim");
            data.Add(runtime, "mre-waiter", "event", "System.Threading.ManualResetEvent");
            data.Add(runtime, "countdown-waiter", "event", "System.Threading.CountdownEvent");
            data.Add(runtime, "pulse-waiter", "other", "NoOwnerWaits.Mailbox");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EventWaits))]
    public void EventAndConditionWaitsNameTheirObject(string runtime, string thread, string kind, string type)
    {
        ScenarioDump dump = dumps[runtime];
        var waiter = dump.ThreadNamed(thread);
        var waitingFor = waiter.GetProperty("waitingFor");

        Assert.Equal("waiting", waiter.Str("state"));
        Assert.Equal(kind, waitingFor.Str("kind"));
        Assert.Equal(type, waitingFor.Str("objectType"));
        Assert.Empty(waiter.GetProperty("holds").Strings());
    }

    /// <summary>
    /// A lock nobody waits for stays a thin lock in its object's header, with no entry in the
    /// monitor table: it is found only by testing the objects on the holder's stack.
    /// </summary>
    [Theory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public void AnUncontendedMonitorIsHeldByTheSleeperInTheFrameThatLockedIt(string runtime)
    {
        ScenarioDump dump = dumps[runtime];
        var holder = dump.ThreadNamed("quiet-holder");
        var ledger = dump.LockWithId(Assert.Single(holder.GetProperty("holds").Strings()));

        Assert.Equal("Monitor", ledger.Str("kind"));
        Assert.Equal("NoOwnerWaits.Ledger", ledger.Str("objectType"));
        Assert.Equal([dump.TidOf("quiet-holder")], ledger.GetProperty("owners").Ints());
        Assert.Empty(ledger.GetProperty("waiters").Ints());
        Assert.Equal(1, ledger.GetProperty("recursion").GetInt32());
        var locking = holder.GetProperty("frames").EnumerateArray()
            .Single(f => f.GetProperty("annotations").Strings().Contains($"locked {ledger.Str("id")} (NoOwnerWaits.Ledger)"));
        Assert.StartsWith("NoOwnerWaits.Waiter.HoldQuietly", locking.Str("method"));
    }
}
