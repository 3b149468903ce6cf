namespace DumpLock.Reporting;

/// <summary>
/// How a report marks up what it quotes from the dump: thread and type names, paths, addresses.
/// The phrases' own words are safe in every format; only the quoted values need escaping.
/// </summary>
public sealed class Markup
{
    private readonly Func<string, string> _value;
    private readonly Func<string, string> _code;
    private readonly Func<string, bool> _fitsInCode;
    private readonly Func<string, string, string> _link;

    private Markup(Func<string, string> value, Func<string, string> code, Func<string, bool> fitsInCode, Func<string, string, string> link)
    {
        _value = value;
        _code = code;
        _fitsInCode = fitsInCode;
        _link = link;
    }

    public static Markup Plain { get; } = new(s => s, s => s, _ => true, (text, _) => text);

    /// <summary>
    /// Values escaped; object references as code spans, which read better than escaped brackets.
    /// A type name holding '|' or '`' stays outside the span, because a table splits cells at '|'
    /// even inside a code span.
    /// </summary>
    public static Markup Markdown { get; } = new(Reporting.Markdown.Escape, Reporting.Markdown.Code,
        s => !s.Contains('|', StringComparison.Ordinal) && !s.Contains('`', StringComparison.Ordinal) && !s.Contains('\n', StringComparison.Ordinal),
        (text, url) => $"[{text}]({url.Replace(" ", "%20", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal)})");

    /// <summary>Arbitrary text from the dump.</summary>
    public string Value(string text) => _value(text);

    /// <summary>Marked-up text that links to <paramref name="url"/> where the format can link.</summary>
    public string Link(string text, string? url) => url is null ? text : _link(text, url);

    /// <summary>"&lt;0x7f8f75809770&gt; (a Bank.Account)", as jstack names an object.</summary>
    public string Object(ulong address, string? type)
    {
        string reference = $"<{Hex.Format(address)}>";
        return type is null ? _code(reference)
            : _fitsInCode(type) ? _code($"{reference} (a {type})")
            : $"{_code(reference)} (a {_value(type)})";
    }

    /// <summary>"SemaphoreSlim &lt;0x7f8f75809770&gt;": a short type name before the reference.</summary>
    public string Named(string shortType, ulong address) => $"{_value(shortType)} {_code($"<{Hex.Format(address)}>")}";
}
