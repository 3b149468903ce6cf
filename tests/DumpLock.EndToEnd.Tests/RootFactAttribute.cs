namespace DumpLock.EndToEnd.Tests;

/// <summary>A test that must run as root (to act as another user); skipped, with the reason, otherwise.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (Environment.UserName != "root")
        {
            Skip = "needs root, to run dumplock as the unprivileged user nobody";
        }
    }
}
