using System.Text;
using System.Text.RegularExpressions;
using PhdResolver.Rdf;
using NetRegex = System.Text.RegularExpressions.Regex;

namespace PhdResolver.Sparql.Functions;

/// <summary>
/// REGEX and REPLACE with XPath regular expressions (XPath F&amp;O §7.6) run on .NET's engine:
/// patterns are translated where the dialects differ, compiled objects are cached per
/// (pattern, flags), and every match has a time limit so a pathological pattern cannot hang a
/// query: the query's remaining time, capped at <see cref="s_timeout"/> per match. A match cut
/// off by the cap is an expression error (the row fails the FILTER, as before there were query
/// deadlines); one cut off by the deadline ends the query with <see cref="SparqlTimeoutException"/>.
/// </summary>
internal static class RegexFunctions
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_slack = TimeSpan.FromMilliseconds(5);
    private const int CacheLimit = 512;

    // Per thread: the match timeout is set on the regex object right before each match (a query
    // runs on one thread at a time, and a match never re-enters the evaluator), so objects must
    // not be shared between threads. Building one costs microseconds, once per pattern and thread.
    [ThreadStatic] private static Dictionary<(string Pattern, string Flags), TimedRegex?>? t_cache;

    /// <summary>A regex whose match timeout can be changed between matches, through the field .NET
    /// keeps protected for derived classes (the timeout is read when a match starts).</summary>
    private sealed class TimedRegex(string pattern, RegexOptions options) : NetRegex(pattern, options, s_timeout)
    {
        public void SetMatchTimeout(TimeSpan timeout) => internalMatchTimeout = timeout;
    }

    public static Term? Regex(Term text, Term pattern, Term? flags, EvalContext context)
    {
        if (!XsdTypes.IsStringLiteral(text)) return null;
        var regex = Get(pattern, flags);
        if (regex is null) return null;
        bool byDeadline = Arm(regex, context);
        try
        {
            return ExpressionEvaluator.Bool(regex.IsMatch(((Literal)text).Lexical));
        }
        catch (RegexMatchTimeoutException)
        {
            return TimedOut(byDeadline, context);
        }
    }

    public static Term? Replace(Term text, Term pattern, Term replacement, Term? flags, EvalContext context)
    {
        if (!XsdTypes.IsStringLiteral(text) || !XsdTypes.IsSimpleOrXsdString(replacement)) return null;
        var regex = Get(pattern, flags);
        if (regex is null) return null;
        string? netReplacement = TranslateReplacement(((Literal)replacement).Lexical, regex);
        if (netReplacement is null) return null;
        var lit = (Literal)text;
        bool byDeadline = Arm(regex, context);
        try
        {
            // The result is measured while it is built: "." replaced by a long string multiplies the input.
            string input = lit.Lexical;
            long length = input.Length;
            string result = regex.Replace(input, m =>
            {
                string r = m.Result(netReplacement);
                length += r.Length - m.Length;
                if (length > StringFunctions.MaxLength) throw StringFunctions.TooLong("REPLACE");
                return r;
            });
            return lit.Language is not null ? new Literal(result, lit.Language) : new Literal(result, lit.Datatype);
        }
        catch (RegexMatchTimeoutException)
        {
            return TimedOut(byDeadline, context);
        }
    }

    /// <summary>Sets the time limit of the next match: the per-match cap, or the query's remaining
    /// time when that is shorter (then true). Throws when the deadline has already passed.</summary>
    private static bool Arm(TimedRegex regex, EvalContext context)
    {
        var limit = s_timeout;
        bool byDeadline = false;
        // .NET times a match with a coarse millisecond clock, which can fire a little early: a few
        // ms of slack, so that no match is cut off before the deadline the rest of the engine keeps.
        if (context.Deadline?.Remaining() is { } left && left + s_slack < limit)
        {
            limit = left + s_slack;
            byDeadline = true;
        }
        regex.SetMatchTimeout(limit);
        return byDeadline;
    }

    private static Literal? TimedOut(bool byDeadline, EvalContext context)
    {
        if (byDeadline) throw new SparqlTimeoutException(context.Deadline!.Timeout);
        return null; // the per-match cap: an expression error
    }

    /// <summary>The compiled regex for a pattern and flags argument, or null when either is invalid.</summary>
    private static TimedRegex? Get(Term pattern, Term? flags)
    {
        if (!XsdTypes.IsSimpleOrXsdString(pattern)) return null;
        if (flags is not null && !XsdTypes.IsSimpleOrXsdString(flags)) return null;
        var key = (((Literal)pattern).Lexical, flags is null ? "" : ((Literal)flags).Lexical);
        var cache = t_cache ??= [];
        if (cache.TryGetValue(key, out var cached)) return cached;
        var regex = Build(key.Item1, key.Item2);
        if (cache.Count >= CacheLimit) cache.Clear(); // crude bound: patterns are usually few and constant
        cache[key] = regex;
        return regex;
    }

    private static TimedRegex? Build(string pattern, string flags)
    {
        if (!XPathRegex.TryTranslate(pattern, flags, out string translated, out var options)) return null; // FORX0001
        try
        {
            return new TimedRegex(translated, options);
        }
        catch (ArgumentException)
        {
            return null; // FORX0002: invalid pattern
        }
    }

    /// <summary>XPath replacement (\$ \\ and $N) → .NET replacement; null when invalid (FORX0004).</summary>
    private static string? TranslateReplacement(string r, NetRegex regex)
    {
        if (r.IndexOf('\\') < 0 && r.IndexOf('$') < 0) return r;
        int groups = regex.GetGroupNumbers().Max();
        var sb = new StringBuilder(r.Length + 8);
        for (int i = 0; i < r.Length; i++)
        {
            char c = r[i];
            if (c == '\\')
            {
                if (i + 1 >= r.Length || (r[i + 1] != '\\' && r[i + 1] != '$')) return null;
                char e = r[++i];
                sb.Append(e == '$' ? "$$" : "\\");
            }
            else if (c == '$')
            {
                if (i + 1 >= r.Length || !char.IsAsciiDigit(r[i + 1])) return null;
                // The longest digit run that names an existing group (at least one digit).
                int n = r[++i] - '0';
                while (i + 1 < r.Length && char.IsAsciiDigit(r[i + 1]) && n * 10 + (r[i + 1] - '0') <= groups)
                    n = n * 10 + (r[++i] - '0');
                if (n <= groups) sb.Append("${").Append(n).Append('}');
                // a reference to a group that does not exist is replaced by the empty string
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
