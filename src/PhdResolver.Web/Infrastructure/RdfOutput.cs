using PhdResolver.Rdf;

namespace PhdResolver.Web.Infrastructure;

/// <summary>Writes quads in an RDF syntax named by media type, with prefixes for readability.</summary>
internal static class RdfOutput
{
    /// <summary>The registry's prefix table (one home: display forms use the same one).</summary>
    public static IReadOnlyDictionary<string, string> Prefixes => PhdResolver.Registry.ReadModels.KnownPrefixes.All;

    public static string Write(IEnumerable<Quad> quads, string mediaType, string? baseIri = null)
    {
        if (!RdfFormats.TryParse(mediaType, out var f))
            throw new ArgumentException($"'{mediaType}' is not an RDF syntax", nameof(mediaType));
        var sw = new StringWriter();
        var w = RdfFormats.CreateWriter(f, sw, new WriterOptions { Prefixes = Prefixes, BaseIri = baseIri });
        foreach (var q in quads)
        {
            // Triple-only syntaxes carry the default graph; named graph quads are flattened into it.
            if (!RdfFormats.SupportsDatasets(f) && q.Graph is not null) w.OnQuad(q.WithGraph(null));
            else w.OnQuad(q);
        }
        w.Finish();
        return sw.ToString();
    }
}
