using System.Text;
using DumpLock.Analysis;
using DumpLock.Model;

namespace DumpLock.Reporting;

/// <summary>
/// A Mermaid flowchart of who waits for whom — an arrow from each waiter to the thread that must
/// act, labelled with what it waits for — which GitHub, GitLab and Azure DevOps render in a ticket.
/// Threads that wait the same way and that nobody waits for are drawn as one node ("18 threads"),
/// so a convoy stays readable.
/// </summary>
internal static class MermaidGraph
{
    /// <summary>Waiters with the same waits are merged into one node from this many on.</summary>
    private const int MergeFrom = 4;

    public static IEnumerable<string> Of(IReadOnlyCollection<WaitEdge> edges, Snapshot snapshot)
    {
        var waitedFor = edges.Select(e => e.HeldBy).ToHashSet();
        var merged = edges.GroupBy(e => e.From)
            .Where(g => !waitedFor.Contains(g.Key))
            .GroupBy(g => string.Join(";", g.Select(e => $"{e.WaitsFor}>{e.HeldBy}").Order()))
            .Where(same => same.Count() >= MergeFrom)
            .ToList();
        var nodeOf = new Dictionary<int, string>();
        var labels = new List<string>();
        for (int i = 0; i < merged.Count; i++)
        {
            string group = $"g{i + 1}";
            merged[i].Select(g => g.Key).ToList().ForEach(t => nodeOf[t] = group);
            labels.Add($"  {group}[\"{Escape(WaitPhrases.Count(merged[i].Count(), "thread"))}\"]");
        }
        foreach (int node in edges.SelectMany(e => new[] { e.From, e.HeldBy }).Distinct().Where(n => !nodeOf.ContainsKey(n)))
        {
            nodeOf[node] = FlowNode.IsFlow(node) ? $"f{FlowNode.IdOf(node)}" : $"t{node}";
            labels.Add($"  {nodeOf[node]}[\"{Escape(WaitPhrases.Plain.ThreadName(snapshot, node))}\"]");
        }

        yield return "flowchart LR";
        foreach (string label in labels)
        {
            yield return label;
        }
        foreach (var arrow in edges.Select(e => (From: nodeOf[e.From], To: nodeOf[e.HeldBy], Label: EdgeLabel(e, snapshot))).Distinct())
        {
            yield return $"  {arrow.From} -->|\"{Escape(arrow.Label)}\"| {arrow.To}";
        }
    }

    /// <summary>What the waiter waits for, short: the lock's object, or what the other thread must finish.</summary>
    private static string EdgeLabel(WaitEdge edge, Snapshot snapshot)
    {
        string timed = edge.Timed == false ? "" : edge.Timed == true ? " (with a timeout)" : " (timeout unknown)";
        string what = edge.WaitsFor switch
        {
            _ when snapshot.FindLock(edge.WaitsFor) is { } lockInfo => $"waits for {WaitPhrases.Plain.Object(lockInfo.Address, lockInfo.ObjectType)}",
            string w when w.StartsWith("thread:", StringComparison.Ordinal) => "joins",
            string w when w.StartsWith("task:", StringComparison.Ordinal) => $"waits for task <{w["task:".Length..]}>",
            string w when w.StartsWith("typeInitializer:", StringComparison.Ordinal) => $"waits for the static constructor of {w["typeInitializer:".Length..]}",
            string w when w.StartsWith("flow:", StringComparison.Ordinal) => "awaits",
            string w => $"waits for {w}",
        };
        return what + timed;
    }

    /// <summary>
    /// Text inside a quoted Mermaid label: '"' would end it, and Mermaid reads "#name;" as an
    /// entity and '&lt;…&gt;' as HTML, so those characters are written as entity codes.
    /// </summary>
    private static string Escape(string text)
    {
        var result = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            result.Append(c switch
            {
                '"' => "#quot;",
                '<' => "#lt;",
                '>' => "#gt;",
                '#' => "#35;",
                '&' => "#amp;",
                _ => c.ToString(),
            });
        }
        return result.ToString();
    }
}
