using System.Text.RegularExpressions;
using PhdResolver.Rdf;
using PhdResolver.Sparql.Functions;

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

/// <summary>
/// sh:pattern with optional sh:flags, with SPARQL REGEX's semantics (XPath regular expressions, translated
/// in one place: <see cref="XPathRegex"/>). A match cannot observe the validation's CancellationToken, so
/// it must not be able to run away: patterns run on .NET's non-backtracking engine, whose matching time is
/// linear in the value's length whatever the pattern (shapes graphs come from users: <c>phd validate
/// --shapes</c>). The few XPath constructs that engine lacks (back-references) fall back to backtracking
/// with <see cref="BacktrackingLimit"/> per match; a match cut off by it stops validation with a
/// <see cref="ShaclException"/> naming the pattern, since a partial report would read as "conforms".
/// </summary>
internal sealed class PatternConstraint : IConstraint
{
    internal static readonly TimeSpan BacktrackingLimit = TimeSpan.FromSeconds(1);

    private readonly Regex _regex;
    private readonly string _pattern;

    public PatternConstraint(string pattern, string? flags)
    {
        _pattern = pattern;
        if (!XPathRegex.TryTranslate(pattern, flags, out string net, out var options))
            throw new ShaclException($"sh:flags \"{flags}\" of sh:pattern \"{pattern}\": the allowed flags are s, m, i, x and q");
        try
        {
            try
            {
                _regex = new Regex(net, options | RegexOptions.NonBacktracking);
            }
            catch (NotSupportedException)
            {
                _regex = new Regex(net, options, BacktrackingLimit);
            }
        }
        catch (ArgumentException e)
        {
            throw new ShaclException($"sh:pattern \"{pattern}\" is not a valid regular expression: {e.Message}", e);
        }
    }

    internal bool Backtracks => (_regex.Options & RegexOptions.NonBacktracking) == 0;

    public void Validate(ValidationContext ctx, Shape shape, Term focus, IReadOnlyList<Term> values)
    {
        for (int i = 0; i < values.Count; i++)
        {
            string? s = StringConstraints.Str(values[i]);
            if (s is null || !Matches(s)) ctx.Report(this, shape, focus, values[i], Sh.PatternConstraintComponent);
        }
    }

    private bool Matches(string s)
    {
        try
        {
            return _regex.IsMatch(s);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new ShaclException(
                $"sh:pattern \"{_pattern}\" took more than {BacktrackingLimit.TotalSeconds:0} s on one value of {s.Length} characters " +
                "(patterns with back-references backtrack); validation stopped");
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
