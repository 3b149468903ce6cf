namespace DumpLock.EndToEnd.Tests;

/// <summary>Waits that no single thread owns: recorded as waits, never closing a cycle.</summary>
public sealed class NoOwnerWaitsTests(NoOwnerWaitsDump dump) : IClassFixture<NoOwnerWaitsDump>
{
    [Fact]
    public void NoWaitWithoutAnOwnerMakesADeadlock()
    {
        Assert.True(dump.Json.ExitCode == 0, dump.Json.ToString());
        Assert.Empty(dump.Deadlocks);
        Assert.Equal("blocked", dump.Report.GetProperty("summary").Str("verdict"));
    }

    [Fact]
    public void SemaphoreWaitNamesTheSemaphoreItsCountAndThatItHasNoOwner()
    {
        var semaphore = dump.LockWaitedBy("sem-waiter");

        Assert.Equal("SemaphoreSlim", semaphore.Str("kind"));
        Assert.Empty(semaphore.GetProperty("owners").Ints());
        Assert.Equal([dump.TidOf("sem-waiter")], semaphore.GetProperty("waiters").Ints());
        Assert.Matches(@"^waiting on SemaphoreSlim <0x[0-9a-f]+> \(count 0\); a semaphore has no owner$",
            dump.ThreadNamed("sem-waiter").GetProperty("waitingFor").Str("description"));
    }

    [Fact]
    public void MutexWaitIsALockWhoseOwnerIsNotRecorded()
    {
        var mutex = dump.LockWaitedBy("mutex-waiter");

        Assert.Equal("Mutex", mutex.Str("kind"));
        Assert.Equal("System.Threading.Mutex", mutex.Str("objectType"));
        Assert.Empty(mutex.GetProperty("owners").Ints());
        Assert.Equal("blocked", dump.ThreadNamed("mutex-waiter").Str("state"));
    }

    [Theory]
    [InlineData("mres-waiter", "event", "System.Threading.ManualResetEventSlim")]
    [InlineData("mre-waiter", "event", "System.Threading.ManualResetEvent")]
    [InlineData("countdown-waiter", "event", "System.Threading.CountdownEvent")]
    [InlineData("pulse-waiter", "other", "NoOwnerWaits.Mailbox")]
    public void EventAndConditionWaitsNameTheirObject(string thread, string kind, string type)
    {
        var waiter = dump.ThreadNamed(thread);
        var waitingFor = waiter.GetProperty("waitingFor");

        Assert.Equal("waiting", waiter.Str("state"));
        Assert.Equal(kind, waitingFor.Str("kind"));
        Assert.Equal(type, waitingFor.Str("objectType"));
        Assert.Empty(waiter.GetProperty("holds").Strings());
    }
}
