using Microsoft.AspNetCore.Http;
using PhdResolver.Sparql.Results;

namespace PhdResolver.Web.Infrastructure;

/// <summary>
/// Content negotiation for resources with several representations: <c>?format=</c> (a short name
/// or a media type) overrides <c>Accept</c>; Accept q-values are honoured; the first candidate is
/// the server's preference. Null means "nothing acceptable" (406).
/// </summary>
internal static class Conneg
{
    public const string Html = "text/html";
    public const string JsonLd = "application/ld+json";
    public const string Turtle = "text/turtle";
    public const string NTriples = "application/n-triples";
    public const string NQuads = "application/n-quads";
    public const string TriG = "application/trig";
    public const string RdfXml = "application/rdf+xml";
    public const string BibTex = "application/x-bibtex";
    public const string Ris = "application/x-research-info-systems";
    public const string CslJson = "application/vnd.citationstyles.csl+json";
    public const string DataCite = "application/vnd.datacite.datacite+xml";
    public const string LinksetJson = "application/linkset+json";
    public const string Linkset = "application/linkset";

    /// <summary>The RDF syntaxes every record and term is available in (DESIGN §3), HTML first.</summary>
    public static readonly IReadOnlyList<string> RecordTypes = [Html, JsonLd, Turtle, NTriples, NQuads, TriG, RdfXml];

    /// <summary>Short names accepted by <c>?format=</c>.</summary>
    private static readonly Dictionary<string, string> ShortNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["html"] = Html,
        ["jsonld"] = JsonLd, ["json-ld"] = JsonLd, ["json"] = JsonLd,
        ["ttl"] = Turtle, ["turtle"] = Turtle,
        ["nt"] = NTriples, ["ntriples"] = NTriples, ["n-triples"] = NTriples,
        ["nq"] = NQuads, ["nquads"] = NQuads, ["n-quads"] = NQuads,
        ["trig"] = TriG,
        ["rdf"] = RdfXml, ["rdfxml"] = RdfXml, ["rdf-xml"] = RdfXml, ["xml"] = RdfXml,
        ["bibtex"] = BibTex, ["bib"] = BibTex,
        ["ris"] = Ris,
        ["csl"] = CslJson, ["csljson"] = CslJson, ["csl-json"] = CslJson,
        ["datacite"] = DataCite,
        ["linkset"] = Linkset, ["linkset-json"] = LinksetJson, ["linksetjson"] = LinksetJson,
    };

    public static string? ShortNameOf(string mediaType) => mediaType switch
    {
        Html => "html", JsonLd => "jsonld", Turtle => "ttl", NTriples => "nt", NQuads => "nq", TriG => "trig", RdfXml => "rdf",
        BibTex => "bibtex", Ris => "ris", CslJson => "csljson", DataCite => "datacite", Linkset => "linkset", LinksetJson => "linkset-json",
        _ => null,
    };

    /// <summary>Picks the representation; <paramref name="formatParam"/> wins over Accept when present.</summary>
    public static string? Choose(HttpRequest request, IReadOnlyList<string> candidates)
    {
        var format = request.Query["format"].ToString();
        if (!string.IsNullOrWhiteSpace(format))
        {
            var mt = ShortNames.TryGetValue(format.Trim(), out var m) ? m : format.Split(';')[0].Trim().ToLowerInvariant();
            return candidates.Contains(mt, StringComparer.OrdinalIgnoreCase) ? mt : null;
        }
        var accept = request.Headers.Accept.ToString();
        // Plain JSON clients get JSON-LD, XML clients RDF/XML, when those are on offer.
        var chosen = AcceptHeader.Choose(accept, candidates);
        if (chosen is null && !string.IsNullOrWhiteSpace(accept))
        {
            if (candidates.Contains(JsonLd) && AcceptHeader.Choose(accept, ["application/json"]) is not null) return JsonLd;
            if (candidates.Contains(RdfXml) && AcceptHeader.Choose(accept, ["application/xml"]) is not null) return RdfXml;
        }
        return chosen;
    }

    /// <summary>406 with the alternatives listed in the problem and as Link rel=alternate-ish hints.</summary>
    public static IResult NotAcceptable(IReadOnlyList<string> candidates, string? detail = null) =>
        Problems.Result(406, detail ?? "none of the representations of this resource is acceptable; use one of the listed media types (or ?format=)",
            extensions: new Dictionary<string, object?> { ["alternatives"] = candidates.ToArray() });

    public static string ContentType(string mediaType) => SparqlResultFormats.ContentType(mediaType);
}
