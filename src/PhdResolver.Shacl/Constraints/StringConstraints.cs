using System.Text.RegularExpressions;
using PhdResolver.Rdf;

namespace PhdResolver.Shacl;

/// <summary>sh:minLength / sh:maxLength on the string form (code points); blank nodes always violate.</summary>
internal sealed class LengthConstraint(int limit, bool isMin) : IConstraint
{
    public void Validate(ValidationContext ctx, Shape shape, Term focus, IReadOnlyList<Term> values)
    {
        for (int i = 0; i < values.Count; i++)
        {
            string? s = StringConstraints.Str(values[i]);
            bool ok = s is not null && (isMin ? StringConstraints.CodePoints(s) >= limit : StringConstraints.CodePoints(s) <= limit);
            if (!ok) ctx.Report(this, shape, focus, values[i], isMin ? Sh.MinLengthConstraintComponent : Sh.MaxLengthConstraintComponent);
        }
    }

    public string Describe(ValidationResult r) =>
        $"{Shacl.Describe.Subject(r)}: {Shacl.Describe.Value(r.Value)} is too {(isMin ? "short" : "long")} ({(isMin ? "at least" : "at most")} {limit} characters)";
}

/// <summary>sh:pattern with optional sh:flags (XPath regex flags s, m, i, x, q).</summary>
internal sealed class PatternConstraint : IConstraint
{
    private readonly Regex _regex;
    private readonly string _pattern;

    public PatternConstraint(string pattern, string? flags)
    {
        _pattern = pattern;
        var options = RegexOptions.CultureInvariant;
        foreach (char f in flags ?? "")
        {
            switch (f)
            {
                case 'i': options |= RegexOptions.IgnoreCase; break;
                case 'm': options |= RegexOptions.Multiline; break;
                case 's': options |= RegexOptions.Singleline; break;
                case 'x': options |= RegexOptions.IgnorePatternWhitespace; break;
                case 'q': pattern = Regex.Escape(pattern); break;
            }
        }
        _regex = new Regex(pattern, options);
    }

    public void Validate(ValidationContext ctx, Shape shape, Term focus, IReadOnlyList<Term> values)
    {
        for (int i = 0; i < values.Count; i++)
        {
            string? s = StringConstraints.Str(values[i]);
            if (s is null || !_regex.IsMatch(s)) ctx.Report(this, shape, focus, values[i], Sh.PatternConstraintComponent);
        }
    }

    public string Describe(ValidationResult r) => $"{Shacl.Describe.Subject(r)}: {Shacl.Describe.Value(r.Value)} does not match the pattern {_pattern}";
}

/// <summary>sh:languageIn: literals whose language tag matches one of the ranges (basic filtering).</summary>
internal sealed class LanguageInConstraint(IReadOnlyList<string> ranges) : IConstraint
{
    public void Validate(ValidationContext ctx, Shape shape, Term focus, IReadOnlyList<Term> values)
    {
        for (int i = 0; i < values.Count; i++)
        {
            bool ok = false;
            if (values[i] is Literal { Language: { Length: > 0 } lang })
                foreach (var range in ranges)
                    if (StringConstraints.LangMatches(lang, range)) { ok = true; break; }
            if (!ok) ctx.Report(this, shape, focus, values[i], Sh.LanguageInConstraintComponent);
        }
    }

    public string Describe(ValidationResult r) => $"{Shacl.Describe.Subject(r)}: {Shacl.Describe.Value(r.Value)} is not in one of the languages {string.Join(", ", ranges)}";
}

/// <summary>sh:uniqueLang true: no two values share a language tag (one result per duplicated tag).</summary>
internal sealed class UniqueLangConstraint : IConstraint
{
    public void Validate(ValidationContext ctx, Shape shape, Term focus, IReadOnlyList<Term> values)
    {
        if (values.Count < 2) return;
        HashSet<string>? seen = null, reported = null;
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] is not Literal { Language: { Length: > 0 } lang }) continue;
            seen ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (!seen.Add(lang) && (reported ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(lang))
                ctx.Report(this, shape, focus, null, Sh.UniqueLangConstraintComponent);
        }
    }

    public string Describe(ValidationResult r) => $"{Shacl.Describe.Subject(r)}: more than one value in the same language";
}

internal static class StringConstraints
{
    /// <summary>SPARQL STR(): lexical form or IRI; null for blank nodes.</summary>
    public static string? Str(Term t) => t switch { Literal l => l.Lexical, Iri i => i.Value, _ => null };

    public static int CodePoints(string s)
    {
        int n = s.Length;
        for (int i = 0; i < s.Length; i++) if (char.IsLowSurrogate(s[i])) n--;
        return n;
    }

    /// <summary>SPARQL langMatches (RFC 4647 basic filtering).</summary>
    public static bool LangMatches(string tag, string range)
    {
        if (range == "*") return tag.Length > 0;
        if (tag.Equals(range, StringComparison.OrdinalIgnoreCase)) return true;
        return tag.Length > range.Length && tag[range.Length] == '-' && tag.StartsWith(range, StringComparison.OrdinalIgnoreCase);
    }
}
