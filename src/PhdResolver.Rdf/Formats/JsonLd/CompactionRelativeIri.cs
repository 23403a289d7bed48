namespace PhdResolver.Rdf.JsonLd;

/// <summary>
/// Relative IRI references for compaction (compactToRelative). JSON-LD output conventionally
/// climbs with "../" segments rather than using absolute paths, and an IRI equal to the base
/// becomes its last path segment; the result is always checked by resolving it back.
/// </summary>
internal static class CompactionRelativeIri
{
    public static string Relativize(string baseIri, string iri)
    {
        var b = IriResolver.Split(baseIri);
        var t = IriResolver.Split(iri);
        if (b.Scheme is null || t.Scheme != b.Scheme || t.Authority != b.Authority) return iri;

        var baseSegments = b.Path.Split('/');
        var iriSegments = t.Path.Split('/');
        // Keep the IRI's last segment unless a query or fragment follows it.
        int last = t.Query is not null || t.Fragment is not null ? 0 : 1;
        int bi = 0, ii = 0;
        while (bi < baseSegments.Length && iriSegments.Length - ii > last && baseSegments[bi] == iriSegments[ii])
        {
            bi++;
            ii++;
        }

        var sb = new System.Text.StringBuilder();
        // Every remaining base segment but the last (a file name, or empty after a final '/') is one level up.
        for (int k = bi; k < baseSegments.Length - 1; k++) sb.Append("../");
        sb.Append(string.Join('/', iriSegments, ii, iriSegments.Length - ii));
        if (t.Query is not null) sb.Append('?').Append(t.Query);
        if (t.Fragment is not null) sb.Append('#').Append(t.Fragment);
        string rel = sb.Length == 0 ? "./" : sb.ToString();
        // A first segment with a colon would read as a scheme.
        int colon = rel.IndexOf(':', StringComparison.Ordinal);
        int slash = rel.IndexOf('/', StringComparison.Ordinal);
        if (colon >= 0 && (slash < 0 || colon < slash)) rel = "./" + rel;

        if (IriResolver.Resolve(baseIri, rel) == iri) return rel;
        string fallback = IriResolver.Relativize(baseIri, iri);
        return IriResolver.Resolve(baseIri, fallback) == iri ? fallback : iri;
    }
}
