namespace DumpLock.Model;

/// <summary>
/// The wait-for graph's nodes are OS thread ids (positive) and async flows, which get the negative
/// numbers: flow "A3" is node −3. Lock owners use the same numbers, so a SemaphoreSlim(1, 1) held
/// by a flow lists −3 among its owners; reporters write it as "A3".
/// </summary>
public static class FlowNode
{
    public static int Of(string flowId) => -int.Parse(flowId.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);

    public static bool IsFlow(int node) => node < 0;

    public static string IdOf(int node) => $"A{-node}";
}
