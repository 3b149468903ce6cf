using System.Text.Json;

namespace DumpLock.EndToEnd.Tests;

/// <summary>Small readers over the JSON report, so tests say what they check.</summary>
internal static class JsonAssert
{
    public static int[] Ints(this JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public static string[] Strings(this JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    public static string? Str(this JsonElement obj, string property) => obj.GetProperty(property).GetString();

    /// <summary>Every edge's holder is the next edge's waiter, and the last closes the ring.</summary>
    public static void IsRing(JsonElement deadlock)
    {
        int[] threads = deadlock.GetProperty("threads").Ints();
        JsonElement[] edges = deadlock.GetProperty("edges").EnumerateArray().ToArray();
        Assert.Equal(threads.Length, edges.Length);
        for (int i = 0; i < edges.Length; i++)
        {
            Assert.Equal(threads[i], edges[i].GetProperty("from").GetInt32());
            Assert.Equal(threads[(i + 1) % threads.Length], edges[i].GetProperty("heldBy").GetInt32());
        }
        Assert.Equal(threads.Min(), threads[0]);
    }
}
