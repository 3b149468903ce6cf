namespace DumpLock.Model;

/// <summary>
/// How a thread holds or wants a ReaderWriterLockSlim; names match the JSON <c>ownerModes</c> and
/// <c>waitingFor.mode</c> strings. A thread upgrading from upgradeable read to write owns the lock
/// in <see cref="UpgradeableRead"/> and waits for it in <see cref="Write"/>.
/// </summary>
public enum LockMode
{
    Read,
    UpgradeableRead,
    Write,
}
