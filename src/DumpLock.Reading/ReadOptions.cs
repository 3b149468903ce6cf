namespace DumpLock.Reading;

/// <summary>
/// How to read: <see cref="Dac"/>, a DAC the user trusts (--dac; without it DacLocator looks in
/// trusted places); <see cref="Deep"/>, walk the heap for async flows even when the hang is already
/// explained (--deep); <see cref="Progress"/>, told what a long heap walk has done so far;
/// <see cref="WalkHeap"/>, false to never walk it (watch: a live process stays paused while it is read).
/// </summary>
public sealed record ReadOptions(string? Dac = null, bool Deep = false, Action<string>? Progress = null, bool WalkHeap = true)
{
    /// <summary>Where else to look for PDBs (--symbols): a plain directory or a symbol store.</summary>
    public string? SymbolDirectory { get; init; }
}
