namespace DumpLock.Reading;

internal static class DictionaryExtensions
{
    /// <summary>The value for <paramref name="key"/>, computed once by <paramref name="compute"/> (a static lambda: no allocation per call).</summary>
    public static TValue GetOrAdd<TKey, TValue, TState>(this Dictionary<TKey, TValue> dictionary, TKey key, TState state,
        Func<TKey, TState, TValue> compute) where TKey : notnull
    {
        if (!dictionary.TryGetValue(key, out TValue? value))
        {
            dictionary[key] = value = compute(key, state);
        }
        return value;
    }
}
