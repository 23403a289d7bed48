using System.Text.Json.Nodes;
using PhdResolver.Rdf;
using PhdResolver.Registry.Knowledge;

namespace PhdResolver.Web.Infrastructure;

/// <summary>Writes quads in an RDF syntax named by media type, with prefixes for readability.</summary>
internal static class RdfOutput
{
    /// <summary>The registry's prefix table (one home: display forms use the same one).</summary>
    public static IReadOnlyDictionary<string, string> Prefixes => PhdResolver.Registry.ReadModels.KnownPrefixes.All;

    /// <param name="formatOptions">Syntax-specific options (for JSON-LD a context, e.g. <see cref="SchemaOrgContext"/>).</param>
    public static string Write(IEnumerable<Quad> quads, string mediaType, string? baseIri = null, object? formatOptions = null)
    {
        if (!RdfFormats.TryParse(mediaType, out var f))
            throw new ArgumentException($"'{mediaType}' is not an RDF syntax", nameof(mediaType));
        var sw = new StringWriter();
        var w = RdfFormats.CreateWriter(f, sw, new WriterOptions { Prefixes = Prefixes, BaseIri = baseIri, FormatOptions = f == RdfFormat.JsonLd ? formatOptions : null });
        foreach (var q in quads)
        {
            // Triple-only syntaxes carry the default graph; named graph quads are flattened into it.
            if (!RdfFormats.SupportsDatasets(f) && q.Graph is not null) w.OnQuad(q.WithGraph(null));
            else w.OnQuad(q);
        }
        w.Finish();
        return sw.ToString();
    }

    /// <summary>
    /// Records as JSON-LD for generic harvesters: schema.org is the vocabulary (<c>"name"</c>,
    /// <c>"Dataset"</c>, as <c>"@context": "https://schema.org/"</c> would give), the other vocabularies
    /// keep their prefixes (<c>nboq:wavelength</c>), dates and links are coerced so they compact to
    /// plain strings. Inline, never a remote context: a reader needs no network to expand it.
    /// </summary>
    public static JsonObject SchemaOrgContext()
    {
        var c = new JsonObject { ["@vocab"] = RecordVocab.Schema };
        foreach (var (prefix, ns) in Prefixes.OrderBy(p => p.Key, StringComparer.Ordinal))
            if (prefix != "schema") c[prefix] = ns;
        foreach (var date in (string[])["dateCreated", "dateModified", "datePublished"])
            c[date] = new JsonObject { ["@id"] = RecordVocab.Schema + date, ["@type"] = Vocab.Xsd.DateTime.Value };
        foreach (var link in (string[])["sameAs", "url", "license"])
            c[link] = new JsonObject { ["@id"] = RecordVocab.Schema + link, ["@type"] = "@id" };
        return c;
    }

    /// <summary>Writes a record's quads as JSON-LD with <see cref="SchemaOrgContext"/>; the prefix context if that cannot compact it.</summary>
    public static string WriteRecordJsonLd(IEnumerable<Quad> quads)
    {
        var list = quads as IReadOnlyCollection<Quad> ?? [.. quads];
        try
        {
            return Write(list, "application/ld+json", formatOptions: SchemaOrgContext());
        }
        catch (RdfSyntaxException)
        {
            // Compaction refuses some IRIs against a given context (an IRI confused with a compact IRI):
            // the prefix context writes the same data.
            return Write(list, "application/ld+json");
        }
    }
}
