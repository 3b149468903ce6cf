using Microsoft.Diagnostics.Runtime;

namespace DumpLock.Reading;

internal static class RootSequences
{
    /// <summary>The first root that matches, or null (ClrObject is a struct: FirstOrDefault would give a null object).</summary>
    public static ClrObject? FirstMatching(this IEnumerable<ClrObject> roots, Func<ClrObject, bool> match)
    {
        foreach (ClrObject root in roots)
        {
            if (match(root))
            {
                return root;
            }
        }
        return null;
    }
}
