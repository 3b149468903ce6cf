using System.Text;
using System.Text.RegularExpressions;

namespace DumpLock.Reporting;

/// <summary>
/// Text made safe for GitHub/GitLab Markdown. Thread names, type names and the reader's descriptions
/// are arbitrary text: a '|' would split a table cell, a "&lt;T&gt;" would be taken for an HTML tag and
/// vanish, a '*' or '_' would start emphasis.
/// </summary>
internal static partial class Markdown
{
    private const string Special = @"\`*_[]<>|&~#";

    /// <summary>
    /// Inline text, safe in a table cell too. Object references ("&lt;0x7f8f75809200&gt; (a Bank.Account)",
    /// as <see cref="WaitPhrases.Object"/> and the reader write them) become code spans, which read
    /// better than escaped brackets. A type name holding '|' or '`' stays outside the span and is
    /// escaped, because a table splits cells at '|' even inside a code span.
    /// </summary>
    public static string Text(string text)
    {
        var result = new StringBuilder(text.Length + 8);
        int done = 0;
        foreach (Match match in ObjectReference().Matches(text))
        {
            Escape(text[done..match.Index], result);
            result.Append('`').Append(match.Value).Append('`');
            done = match.Index + match.Length;
        }
        Escape(text[done..], result);
        return result.ToString();
    }

    /// <summary>A code span, outside tables; its delimiter is longer than any run of '`' inside.</summary>
    public static string Code(string text)
    {
        string ticks = new('`', LongestRunOfBackticks(text) + 1);
        string pad = text.StartsWith('`') || text.EndsWith('`') ? " " : "";
        return $"{ticks}{pad}{text}{pad}{ticks}";
    }

    /// <summary>A fence that no line of the block can close: at least three '`', more than any run inside.</summary>
    public static string Fence(IEnumerable<string> lines) =>
        new('`', Math.Max(3, lines.Select(LongestRunOfBackticks).DefaultIfEmpty(0).Max() + 1));

    /// <summary>Text inside an HTML block such as &lt;summary&gt;, where Markdown is not parsed.</summary>
    public static string Html(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    private static void Escape(string text, StringBuilder result)
    {
        foreach (char c in text)
        {
            if (Special.Contains(c, StringComparison.Ordinal))
            {
                result.Append('\\');
            }
            result.Append(c);
        }
    }

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

    [GeneratedRegex(@"<0x[0-9a-f]+>(?: \(a [^()|`\r\n]+\))?")]
    private static partial Regex ObjectReference();
}
