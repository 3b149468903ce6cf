namespace DumpLock.Analysis;

/// <summary>Tarjan's algorithm, iterative so that a ring of thousands of threads cannot overflow the stack.</summary>
internal static class StronglyConnectedComponents
{
    public static List<List<int>> Find(IReadOnlyDictionary<int, List<int>> successors)
    {
        var index = new Dictionary<int, int>();
        var lowLink = new Dictionary<int, int>();
        var onStack = new HashSet<int>();
        var stack = new Stack<int>();
        var components = new List<List<int>>();
        int next = 0;

        foreach (int start in successors.Keys.Order())
        {
            if (index.ContainsKey(start))
            {
                continue;
            }

            // Each work item is a node and how many of its successors were already looked at.
            var work = new Stack<(int Node, int Child)>();
            work.Push((start, 0));
            while (work.Count > 0)
            {
                var (node, child) = work.Pop();
                if (child == 0)
                {
                    index[node] = lowLink[node] = next++;
                    stack.Push(node);
                    onStack.Add(node);
                }

                List<int> nodeSuccessors = successors.GetValueOrDefault(node) ?? [];
                if (child < nodeSuccessors.Count)
                {
                    work.Push((node, child + 1));
                    int successor = nodeSuccessors[child];
                    if (!index.ContainsKey(successor))
                    {
                        work.Push((successor, 0));
                    }
                    else if (onStack.Contains(successor))
                    {
                        lowLink[node] = Math.Min(lowLink[node], index[successor]);
                    }
                    continue;
                }

                if (lowLink[node] == index[node])
                {
                    var component = new List<int>();
                    int member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        component.Add(member);
                    }
                    while (member != node);
                    components.Add(component);
                }

                if (work.Count > 0)
                {
                    int parent = work.Peek().Node;
                    lowLink[parent] = Math.Min(lowLink[parent], lowLink[node]);
                }
            }
        }
        return components;
    }
}
