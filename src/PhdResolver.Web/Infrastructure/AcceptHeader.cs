using System.Globalization;
using PhdResolver.Rdf;

namespace PhdResolver.Web.Infrastructure;

/// <summary>
/// An HTTP Accept header (RFC 9110 §12.5.1), parsed once: media ranges with their q-values. A
/// media type gets the q of the most specific range that matches it (<c>type/sub</c> over
/// <c>type/*</c> over <c>*/*</c>); no matching range means q = 0. Range parameters other than q
/// are ignored: none of our formats has variants a parameter could choose.
/// </summary>
internal readonly struct AcceptHeader
{
    private readonly record struct Range(string Type, string Subtype, double Q);

    private readonly List<Range>? _ranges;

    private AcceptHeader(List<Range> ranges) => _ranges = ranges;

    /// <summary>True for a missing or blank header: the client takes anything, the server's preference first.</summary>
    public bool IsEmpty => _ranges is null || _ranges.Count == 0;

    public static AcceptHeader Parse(string? accept)
    {
        if (string.IsNullOrWhiteSpace(accept)) return default;
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
        return new AcceptHeader(list);
    }

    /// <summary>How specifically the header names <paramref name="mediaType"/> (2 exactly, 1 by <c>type/*</c>,
    /// 0 by <c>*/*</c>, -1 not at all) and the q it gives it.</summary>
    public (int Specificity, double Q) Match(string mediaType)
    {
        if (_ranges is null) return (0, 1);
        int slash = mediaType.IndexOf('/', StringComparison.Ordinal);
        var type = mediaType.AsSpan(0, slash);
        var sub = mediaType.AsSpan(slash + 1);
        int best = -1;
        double q = 0;
        foreach (var r in _ranges)
        {
            int specificity;
            if (r.Type == "*") specificity = 0;
            else if (!type.Equals(r.Type, StringComparison.OrdinalIgnoreCase)) continue;
            else if (r.Subtype == "*") specificity = 1;
            else if (sub.Equals(r.Subtype, StringComparison.OrdinalIgnoreCase)) specificity = 2;
            else continue;
            if (specificity > best) { best = specificity; q = r.Q; }
        }
        return (best, q);
    }

    /// <summary>
    /// The q of a format: that of its own media type, unless the header names one of its alias media types
    /// exactly and the format's own type less so (a client that says <c>application/json</c> asks for JSON-LD
    /// of a record, or for SPARQL JSON results of a query, even when it also says <c>*/*;q=0.1</c>). Wildcards
    /// match the format's own type only: <c>text/*</c> does not make SPARQL XML results (alias <c>text/xml</c>) a text format.
    /// </summary>
    public double QualityOf(MediaFormat format)
    {
        var types = format.MediaTypes;
        var (best, q) = Match(types[0]);
        for (int i = 1; i < types.Count && best < 2; i++)
        {
            var (s, aq) = Match(types[i]);
            if (s == 2) { best = s; q = aq; }
        }
        return q;
    }

    /// <summary>
    /// The format (in server preference order) with the highest q; on a tie the earlier one. Null when
    /// every format has q = 0. A missing or blank header takes the first.
    /// </summary>
    public MediaFormat? Choose(IReadOnlyList<MediaFormat> offer)
    {
        if (offer.Count == 0) return null;
        if (IsEmpty) return offer[0];
        MediaFormat? chosen = null;
        double bestQ = 0;
        foreach (var f in offer)
        {
            double q = QualityOf(f);
            if (q > bestQ) { bestQ = q; chosen = f; }
        }
        return chosen;
    }
}
