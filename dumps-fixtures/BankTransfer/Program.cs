// BankTransfer: 20 tellers "teller-1".."teller-20" move random amounts between 10 accounts in an
// endless loop, each transfer doing lock (from) { lock (to) { ... } }. Sooner or later the tellers
// freeze in one or more cycles. Which tellers and accounts end up in them is random.
// At READY: the "watcher" thread has found a cycle of tellers, each holding the account that the
// previous teller waits for. It has proved that the cycle is a true deadlock, seen all its tellers
// blocked, and then seen every teller blocked. The watcher then returns. The main thread sleeps.
using System.Runtime.CompilerServices;
using Scenarios;

namespace Bank;

public sealed class Account(int id, int balance)
{
    private int _heldBy;

    public int Id { get; } = id;

    public int Balance { get; set; } = balance;

    /// <summary>
    /// Bookkeeping for the watcher: the number of the teller holding this account's lock, or 0. Only
    /// the holder writes it, right after taking the lock and right before releasing it, so a nonzero
    /// value is never stale.
    /// </summary>
    public int HeldBy
    {
        get => Volatile.Read(ref _heldBy);
        set => Volatile.Write(ref _heldBy, value);
    }
}

public sealed class Teller(int number, Account[] accounts)
{
    private int _waitingFor = -1;
    private long _transfers;

    public int Number { get; } = number;

    /// <summary>The account whose lock this teller is about to take or is blocked on while holding another one, or -1.</summary>
    public int WaitingFor => Volatile.Read(ref _waitingFor);

    /// <summary>Transfers started. This tells the watcher whether two readings belong to the same transfer.</summary>
    public long Transfers => Volatile.Read(ref _transfers);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Work()
    {
        var random = new Random(Number);
        while (true)
        {
            int from = random.Next(accounts.Length);
            int to = random.Next(accounts.Length - 1);
            if (to >= from)
            {
                to++;
            }
            Transfer(accounts[from], accounts[to], random.Next(1, 100));
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Transfer(Account from, Account to, int amount)
    {
        Volatile.Write(ref _transfers, _transfers + 1);
        lock (from)
        {
            from.HeldBy = Number;
            Volatile.Write(ref _waitingFor, to.Id);
            lock (to)
            {
                Volatile.Write(ref _waitingFor, -1);
                to.HeldBy = Number;
                from.Balance -= amount;
                to.Balance += amount;
                to.HeldBy = 0;
            }
            from.HeldBy = 0;
        }
    }
}

public static class Watcher
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void WatchForDeadlock(Teller[] tellers, Thread[] threads, Account[] accounts)
    {
        Teller[] cycle = [];
        Ready.WaitFor(() => (cycle = FindDeadlock(tellers, accounts)).Length > 0, "a deadlocked cycle of tellers");
        // The cycle can never move again, but a teller in it may not have gone to sleep in
        // Monitor.Enter yet. Tellers have no other wait, so WaitSleepJoin means that they have.
        Ready.WaitUntilBlocked(cycle.Select(t => threads[t.Number - 1]).ToArray());
        // For a quiet dump: the other tellers soon block too, on accounts that the cycle holds forever.
        Ready.WaitUntilBlocked(threads);
        Ready.Announce();
    }

    /// <summary>
    /// Returns a cycle of tellers t1 → a1 → t2 → a2 → … → t1, where each t waits for account a and a
    /// is held by the next t. Returns an empty array if there is none, or if the cycle could not be
    /// proved. The proof: the cycle is read twice. Each teller's Transfers is read first the first
    /// time and last the second time, and every value must be unchanged. Then each teller stayed
    /// inside one transfer, where WaitingFor is set once and cleared once. So from its first reading
    /// to its second, the teller was between "holds from, will lock to" and "got to". Between the
    /// two passes it held its from (HeldBy says which, the accounts being distinct) and had not got
    /// its to, which the next teller held. Nobody in the cycle can go on: a true deadlock.
    /// </summary>
    private static Teller[] FindDeadlock(Teller[] tellers, Account[] accounts)
    {
        foreach (Teller start in tellers)
        {
            var path = new List<(Teller Teller, long Transfers, int Account, int Holder)>();
            Teller current = start;
            while (true)
            {
                long transfers = current.Transfers;
                int account = current.WaitingFor;
                int holder = account < 0 ? 0 : accounts[account].HeldBy;
                if (holder == 0 || holder == current.Number)
                {
                    break;   // not waiting while holding, or a reading taken mid-change
                }
                path.Add((current, transfers, account, holder));
                Teller next = tellers[holder - 1];
                if (next == start)
                {
                    return IsUnchanged(path, accounts) ? path.Select(p => p.Teller).ToArray() : [];
                }
                if (path.Exists(p => p.Teller == next))
                {
                    break;   // a cycle without start: found when starting from one of its tellers
                }
                current = next;
            }
        }
        return [];
    }

    private static bool IsUnchanged(List<(Teller Teller, long Transfers, int Account, int Holder)> path, Account[] accounts) =>
        path.Select(p => p.Account).Distinct().Count() == path.Count
        && path.TrueForAll(p => p.Teller.WaitingFor == p.Account && accounts[p.Account].HeldBy == p.Holder)
        && path.TrueForAll(p => p.Teller.Transfers == p.Transfers);
}

public static class Program
{
    public static void Main()
    {
        Account[] accounts = Enumerable.Range(0, 10).Select(id => new Account(id, 1_000)).ToArray();
        Teller[] tellers = Enumerable.Range(1, 20).Select(n => new Teller(n, accounts)).ToArray();
        Thread[] threads = tellers.Select(t => new Thread(t.Work) { Name = $"teller-{t.Number}" }).ToArray();
        var watcher = new Thread(() => Watcher.WatchForDeadlock(tellers, threads, accounts)) { Name = "watcher" };

        watcher.Start();
        foreach (Thread thread in threads)
        {
            thread.Start();
        }
        Thread.Sleep(Timeout.Infinite);
    }
}
