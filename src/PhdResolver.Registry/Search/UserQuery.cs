using System.Globalization;
using System.Text;

namespace PhdResolver.Registry.Search;

/// <summary>Field names of the index, one home for the writer, the query builder and the facets.</summary>
internal static class SearchFields
{
    public const string Pid = "pid", Level = "level", Title = "title", Path = "path", Iri = "iri", Tier = "tier", Current = "current";
    public const string Name = "name", Products = "products", Types = "types", Facility = "facility", Text = "text", Exact = "exact";
    public const string Body = "body", TitleSort = "title_sort";
    public const string Na = "na", Magnification = "magnification", Wavelength = "wavelength", Power = "power", Pixel = "pixel";

    /// <summary>Numeric fields as users name them (with short forms) -> field, and the unit values are in.</summary>
    public static readonly IReadOnlyDictionary<string, (string Field, string Unit)> Numeric = new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase)
    {
        ["na"] = (Na, "no unit"),
        ["magnification"] = (Magnification, "times, no 'x'"), ["mag"] = (Magnification, "times, no 'x'"),
        ["wavelength"] = (Wavelength, "nm"), ["wl"] = (Wavelength, "nm"), ["lambda"] = (Wavelength, "nm"),
        ["power"] = (Power, "mW"),
        ["pixel"] = (Pixel, "µm"), ["pixelsize"] = (Pixel, "µm"),
    };

    // Facet fields: exact values, indexed for filters and as doc values for counting.
    public const string FType = "f_type", FComponentManufacturer = "f_cman", FManufacturer = "f_man", FFacility = "f_facility",
        FCountry = "f_country", FModality = "f_modality", FTier = "f_tier", FLevel = "f_level";
}

/// <summary>One part of what a user typed.</summary>
internal abstract record QueryPart;
/// <summary>A word (analysed; may split into several terms at punctuation or case changes).</summary>
internal sealed record WordPart(string Text) : QueryPart;
/// <summary>A "quoted phrase": its words in this order.</summary>
internal sealed record PhrasePart(string Text) : QueryPart;
/// <summary>word*: whole words that start with <see cref="Prefix"/>.</summary>
internal sealed record PrefixPart(string Prefix) : QueryPart;
/// <summary>na>=1.4, wavelength:550..570: a closed or half-open numeric range.</summary>
internal sealed record RangePart(string Field, double? Min, double? Max, bool MinInclusive, bool MaxInclusive) : QueryPart;

/// <summary>
/// Reads what a user typed into parts that are built into Lucene queries as objects (never as
/// query-parser syntax), so no input can be a Lucene syntax error. Input that cannot mean
/// anything is refused with a message that says what to write instead (the web layer answers
/// 400 with it): an unclosed quote, a <c>*</c> with no word before it, a range with a unit or
/// with its bounds reversed, text longer than <see cref="MaxLength"/>, more than
/// <see cref="MaxParts"/> parts. Everything else is a word: AND, OR, NOT, parentheses, colons
/// and carets are just text. Ranges: <c>field&gt;=n</c>, <c>&gt;</c>, <c>&lt;=</c>, <c>&lt;</c>,
/// <c>≥</c>, <c>≤</c>, <c>field:n</c> (equal), <c>field:a..b</c>, for the fields of
/// <see cref="SearchFields.Numeric"/>; spaces around the operator are allowed.
/// </summary>
internal static class UserQuery
{
    public const int MaxLength = 1000;
    public const int MaxParts = 32;
    private const int MinPrefix = 2;

    public static List<QueryPart> Parse(string? input)
    {
        var parts = new List<QueryPart>();
        if (string.IsNullOrWhiteSpace(input)) return parts;
        if (input.Length > MaxLength) throw Error($"the search text is longer than {MaxLength} characters");
        var words = Tokens(input);
        for (int k = 0; k < words.Count; k++)
        {
            var (text, quoted) = words[k];
            if (quoted)
            {
                if (HasWordCharacter(text)) parts.Add(new PhrasePart(text));
                continue;
            }
            // "na >= 1.4", "na>= 1.4", "na >=1.4": join a numeric field name with the operator and value that follow.
            if (SearchFields.Numeric.ContainsKey(text) && k + 1 < words.Count && !words[k + 1].Quoted && StartsWithOperator(words[k + 1].Text))
            {
                text += words[++k].Text;
                if (IsOperatorOnly(text) && k + 1 < words.Count && !words[k + 1].Quoted) text += words[++k].Text;
            }
            if (TryRange(text) is { } range) { parts.Add(range); continue; }
            if (text.EndsWith('*'))
            {
                string stem = text.TrimEnd('*');
                if (LetterOrDigitCount(stem) < MinPrefix)
                    throw Error(stem.Length == 0
                        ? "'*' needs a word before it: write at least two letters, e.g. conf*"
                        : $"'{text}': write at least {MinPrefix} letters before '*'");
                parts.Add(new PrefixPart(stem));
                continue;
            }
            if (HasWordCharacter(text)) parts.Add(new WordPart(text));
        }
        if (parts.Count > MaxParts) throw Error($"the search has {parts.Count} words and ranges; at most {MaxParts} are allowed");
        return parts;
    }

    /// <summary>Whitespace-separated words and "quoted phrases"; an unclosed quote is an error naming its position.</summary>
    private static List<(string Text, bool Quoted)> Tokens(string input)
    {
        var list = new List<(string, bool)>();
        int i = 0;
        while (i < input.Length)
        {
            char c = input[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c is '"' or '“' or '”')
            {
                int end = input.IndexOfAny(['"', '“', '”'], i + 1);
                if (end < 0)
                    throw Error($"the quote at character {i + 1} is not closed: put a second \" after the phrase, or remove it");
                list.Add((input[(i + 1)..end], true));
                i = end + 1;
                continue;
            }
            int start = i;
            while (i < input.Length && !char.IsWhiteSpace(input[i]) && input[i] is not ('"' or '“' or '”')) i++;
            list.Add((input[start..i], false));
        }
        return list;
    }

    private static readonly string[] Operators = [">=", "<=", "≥", "≤", ">", "<", "=", ":"];

    private static bool StartsWithOperator(string s) => Operators.Any(o => s.StartsWith(o, StringComparison.Ordinal));
    private static bool IsOperatorOnly(string s) => Operators.Any(o => s.EndsWith(o, StringComparison.Ordinal)) && SearchFields.Numeric.ContainsKey(s.TrimEnd('>', '<', '=', ':', '≥', '≤'));

    /// <summary>A range if <paramref name="text"/> starts with a numeric field name and an operator; errors for ranges that cannot be meant.</summary>
    private static RangePart? TryRange(string text)
    {
        int opAt = text.IndexOfAny(['>', '<', '=', ':', '≥', '≤']);
        if (opAt <= 0 || !SearchFields.Numeric.TryGetValue(text[..opAt], out var f)) return null;
        string op = text.Length > opAt + 1 && text[opAt + 1] == '=' && text[opAt] is '>' or '<' ? text.Substring(opAt, 2) : text.Substring(opAt, 1);
        string value = text[(opAt + op.Length)..];
        string example = $"{text[..opAt].ToLowerInvariant()}>=1.4 or {text[..opAt].ToLowerInvariant()}:550..570";
        if (value.Length == 0) throw Error($"'{text}': a number must follow '{op}', e.g. {example}");
        if (op is ":" or "=" && value.Contains("..", StringComparison.Ordinal))
        {
            int dots = value.IndexOf("..", StringComparison.Ordinal);
            double? lo = dots == 0 ? null : Number(text, value[..dots], f);
            double? hi = dots + 2 == value.Length ? null : Number(text, value[(dots + 2)..], f);
            if (lo is null && hi is null) throw Error($"'{text}': give at least one bound, e.g. {example}");
            if (lo > hi) throw Error($"'{text}': the lower bound is greater than the upper bound; write {text[..opAt]}:{Fmt(hi!.Value)}..{Fmt(lo!.Value)}");
            return new RangePart(f.Field, lo, hi, true, true);
        }
        double n = Number(text, value, f);
        return op switch
        {
            ">=" or "≥" => new RangePart(f.Field, n, null, true, false),
            ">" => new RangePart(f.Field, n, null, false, false),
            "<=" or "≤" => new RangePart(f.Field, null, n, false, true),
            "<" => new RangePart(f.Field, null, n, false, false),
            _ => new RangePart(f.Field, n, n, true, true),
        };
    }

    private static double Number(string whole, string s, (string Field, string Unit) f)
    {
        if (double.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d))
            return d;
        bool unit = s.Length > 0 && (char.IsDigit(s[0]) || s[0] == '.') && s.Any(char.IsLetter);
        throw Error(unit
            ? $"'{whole}': write the number without a unit ({f.Field} is in {f.Unit}), e.g. {f.Field}:{new string(s.TakeWhile(ch => char.IsDigit(ch) || ch == '.').ToArray())}"
            : $"'{whole}': '{s}' is not a number (use a '.' for decimals)");
    }

    private static string Fmt(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    private static int LetterOrDigitCount(string s)
    {
        int n = 0;
        foreach (char c in s) if (char.IsLetterOrDigit(c)) n++;
        return n;
    }

    private static bool HasWordCharacter(string s)
    {
        foreach (char c in s) if (char.IsLetterOrDigit(c)) return true;
        return false;
    }

    private static SearchQueryException Error(string message) => new(message);
}

/// <summary>Search text that cannot mean anything (an unclosed quote, a lone '*', a range with a unit): the message says what to write instead (HTTP 400).</summary>
public sealed class SearchQueryException(string message) : Exception(message);
