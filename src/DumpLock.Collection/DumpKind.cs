namespace DumpLock.Collection;

/// <summary>Dump types of <c>dumplock collect --type</c>. Only <see cref="Heap"/> and <see cref="Full"/> hold everything the analyzer reads.</summary>
public enum DumpKind
{
    /// <summary>Threads, stacks and the GC heap: the smallest dump that holds lock owners and thread names.</summary>
    Heap,
    /// <summary>Threads and stacks only.</summary>
    Mini,
    /// <summary>Like mini, with data that may identify people removed.</summary>
    Triage,
    /// <summary>All memory of the process.</summary>
    Full,
}
