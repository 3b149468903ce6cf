using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// Compares parts of a real text report with a golden file. Only what truly varies between runs
/// is normalised: addresses become &lt;ADDR1&gt;…, OS thread ids &lt;TID1&gt;… by first appearance (also
/// in Mermaid node ids, "t1234"), managed ids &lt;ID&gt;, thread counts &lt;N&gt;, and the repository's path &lt;REPO&gt;.
/// </summary>
internal static partial class GoldenText
{
    public static string Normalise(string text)
    {
        text = text.Replace(RepoPaths.Root, "<REPO>", StringComparison.Ordinal);
        text = Numbered(text, AddressPattern(), "ADDR");
        text = Numbered(text, ThreadIdPattern(), "TID");
        text = ThreadCountPattern().Replace(text, "${prefix}<N>");
        return ManagedIdPattern().Replace(text, "managed=<ID>");
    }

    /// <summary>
    /// The named top-level properties of a JSON report, indented, normalised as text is; OS thread
    /// ids (bare numbers in JSON) become &lt;TID1&gt;… by first appearance, as "tid N" in the text does.
    /// </summary>
    public static string NormaliseJson(JsonElement report, params string[] properties)
    {
        var tids = report.GetProperty("threads").EnumerateArray()
            .Select(t => t.GetProperty("osThreadId").GetInt32().ToString(CultureInfo.InvariantCulture))
            .ToHashSet();
        string json = JsonSerializer.Serialize(properties.ToDictionary(p => p, p => report.GetProperty(p)), s_indented);
        json = json.Replace(RepoPaths.Root, "<REPO>", StringComparison.Ordinal);
        json = Numbered(json, JsonThreadIdPattern(), "TID", tids.Contains);
        json = Numbered(json, AddressPattern(), "ADDR");
        return ThreadCountPattern().Replace(json, "${prefix}<N>") + "\n";
    }

    private static readonly JsonSerializerOptions s_indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Text with every run of white space, line breaks included, made one space. The text report
    /// wraps its paragraphs at 80 columns, and a thread id's width (4 or 5 digits) moves the breaks:
    /// goldens of wrapped paragraphs compare the words; the unit goldens check the layout.
    /// </summary>
    public static string Flat(string text) => WhiteSpace().Replace(text, " ").Trim();

    /// <summary>The paragraph (up to a blank line) whose first line starts with <paramref name="firstLine"/>.</summary>
    public static string Paragraph(string text, string firstLine)
    {
        int start = ("\n" + text).IndexOf("\n" + firstLine, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no paragraph starting with {firstLine} in:\n{text}");
        int end = text.IndexOf("\n\n", start, StringComparison.Ordinal);
        return text[start..(end + 2)];
    }

    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", name));

    /// <summary>Numbers the values of <paramref name="pattern"/>'s "value" group by first appearance, keeping its "prefix" group.</summary>
    private static string Numbered(string text, Regex pattern, string label, Func<string, bool>? applies = null)
    {
        var numbers = new Dictionary<string, int>();
        return pattern.Replace(text, m =>
        {
            string value = m.Groups["value"].Value;
            if (applies?.Invoke(value) == false)
            {
                return m.Value;
            }
            if (!numbers.TryGetValue(value, out int n))
            {
                numbers[value] = n = numbers.Count + 1;
            }
            return $"{m.Groups["prefix"].Value}<{label}{n}>";
        });
    }

    [GeneratedRegex("(?<prefix>)(?<value>0x[0-9a-f]+)")]
    private static partial Regex AddressPattern();

    [GeneratedRegex(@"(?<prefix>tid |(?<=\s)t)(?<value>\d+)\b")]
    private static partial Regex ThreadIdPattern();

    [GeneratedRegex(@"(?<prefix>(?<![\w.""]))(?<value>\d+)(?![\w.""])")]
    private static partial Regex JsonThreadIdPattern();

    // The runtime starts helper threads of its own at times (tiered compilation): thread counts vary.
    [GeneratedRegex(@"(?<prefix>^|\n|""threadCount"": )\d+(?= threads, |,)")]
    private static partial Regex ThreadCountPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"managed=\d+")]
    private static partial Regex ManagedIdPattern();
}
