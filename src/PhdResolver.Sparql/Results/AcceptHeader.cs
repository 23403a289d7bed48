using System.Globalization;

namespace PhdResolver.Sparql.Results;

/// <summary>HTTP Accept header matching (RFC 9110 §12.5.1): q-values, wildcards, specificity.</summary>
public static class AcceptHeader
{
    /// <summary>
    /// Returns the candidate (in server preference order) with the highest quality the header
    /// gives it, where each candidate takes the q of the most specific range matching it.
    /// Null when every candidate has q = 0. A missing/blank header accepts the first candidate.
    /// </summary>
    public static string? Choose(string? accept, IReadOnlyList<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Count == 0) return null;
        if (string.IsNullOrWhiteSpace(accept)) return candidates[0];

        var ranges = Parse(accept);
        string? best = null;
        double bestQ = 0;
        foreach (var c in candidates)
        {
            double q = QualityOf(c, ranges);
            if (q > bestQ) { bestQ = q; best = c; }
        }
        return best;
    }

    private readonly record struct Range(string Type, string Subtype, double Q);

    private static List<Range> Parse(string accept)
    {
        var list = new List<Range>();
        foreach (var part in accept.Split(','))
        {
            var pieces = part.Split(';');
            var mt = pieces[0].Trim();
            if (mt.Length == 0) continue;
            int slash = mt.IndexOf('/', StringComparison.Ordinal);
            string type = slash < 0 ? mt : mt[..slash];
            string sub = slash < 0 ? "*" : mt[(slash + 1)..];
            double q = 1;
            for (int i = 1; i < pieces.Length; i++)
            {
                var p = pieces[i].Trim();
                if (p.Length > 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '='
                    && double.TryParse(p.AsSpan(2), NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                    q = Math.Clamp(v, 0, 1);
            }
            list.Add(new Range(type.Trim(), sub.Trim(), q));
        }
        return list;
    }

    private static double QualityOf(string candidate, List<Range> ranges)
    {
        int slash = candidate.IndexOf('/', StringComparison.Ordinal);
        var type = candidate.AsSpan(0, slash);
        var sub = candidate.AsSpan(slash + 1);
        int bestSpecificity = -1;
        double q = 0;
        foreach (var r in ranges)
        {
            int specificity;
            if (r.Type == "*") specificity = 0;
            else if (!type.Equals(r.Type, StringComparison.OrdinalIgnoreCase)) continue;
            else if (r.Subtype == "*") specificity = 1;
            else if (sub.Equals(r.Subtype, StringComparison.OrdinalIgnoreCase)) specificity = 2;
            else continue;
            if (specificity > bestSpecificity) { bestSpecificity = specificity; q = r.Q; }
        }
        return q;
    }
}
