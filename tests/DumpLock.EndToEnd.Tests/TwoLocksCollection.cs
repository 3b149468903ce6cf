namespace DumpLock.EndToEnd.Tests;

/// <summary>Shares one TwoLocks dump between its own tests and the damaged-dump tests built from it.</summary>
[CollectionDefinition(Name)]
public sealed class TwoLocksCollection : ICollectionFixture<TwoLocksDump>
{
    public const string Name = "TwoLocks dump";
}
