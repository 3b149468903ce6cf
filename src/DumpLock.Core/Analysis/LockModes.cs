using DumpLock.Model;

namespace DumpLock.Analysis;

/// <summary>
/// Which owners of a lock a waiter really waits for. An exclusive lock (Monitor, Lock, a write
/// lock) waits for every owner. A ReaderWriterLockSlim waiter waits only for the owners whose mode
/// conflicts with the one it asks for, and never for itself:
/// <list type="bullet">
/// <item>read waits for the writer, and for an upgradeable reader that is itself waiting to upgrade
/// (while an upgrader waits, the lock admits no new readers);</item>
/// <item>upgradeable read waits for the writer and the upgradeable reader, never for readers;</item>
/// <item>write, and an upgrade to write, wait for every other owner.</item>
/// </list>
/// </summary>
internal static class LockModes
{
    public static bool Blocks(LockInfo waited, int owner, int waiter, LockMode? askedFor, Snapshot snapshot)
    {
        if (owner == waiter)
        {
            return false;
        }
        LockMode held = waited.ModeOf(owner);
        return (askedFor ?? LockMode.Write) switch
        {
            LockMode.Write => true,
            LockMode.UpgradeableRead => held is LockMode.UpgradeableRead or LockMode.Write,
            _ => held == LockMode.Write || (held == LockMode.UpgradeableRead && IsUpgrading(owner, waited, snapshot)),
        };
    }

    private static bool IsUpgrading(int owner, LockInfo waited, Snapshot snapshot) =>
        snapshot.FindThread(owner)?.WaitingFor is { Kind: WaitKind.Lock, Mode: LockMode.Write } wait && wait.LockId == waited.Id;
}
