using System.Text;

namespace DumpLock.Reporting;

/// <summary>
/// Text made safe for GitHub/GitLab Markdown. Thread names, type names and paths
/// are arbitrary text: a '|' would split a table cell, a "&lt;T&gt;" would be taken for an HTML tag and
/// vanish, a '*' or '_' would start emphasis.
/// </summary>
internal static class Markdown
{
    private const string Special = @"\`*_[]<>|&~#";

    /// <summary>Inline text, safe in a table cell too: every character Markdown could take as markup is escaped.</summary>
    public static string Escape(string text)
    {
        var result = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            if (Special.Contains(c, StringComparison.Ordinal))
            {
                result.Append('\\');
            }
            result.Append(c);
        }
        return result.ToString();
    }

    /// <summary>A code span, outside tables; its delimiter is longer than any run of '`' inside.</summary>
    public static string Code(string text)
    {
        string ticks = new('`', LongestRunOfBackticks(text) + 1);
        string pad = text.StartsWith('`') || text.EndsWith('`') ? " " : "";
        return $"{ticks}{pad}{text}{pad}{ticks}";
    }

    /// <summary>Text inside an HTML block such as &lt;summary&gt;, where Markdown is not parsed.</summary>
    public static string Html(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    private static int LongestRunOfBackticks(string text)
    {
        int longest = 0;
        int run = 0;
        foreach (char c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        return longest;
    }

}
