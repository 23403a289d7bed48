using Microsoft.AspNetCore.Http;
using PhdResolver.Rdf;

namespace PhdResolver.Web.Infrastructure;

/// <summary>
/// The formats only the web service offers (pages, citations, link sets, plain JSON, problems), in the
/// shape of the RDF and SPARQL formats of <see cref="MediaFormats"/>, so that one negotiation handles all.
/// </summary>
internal static class WebFormats
{
    public static readonly MediaFormat Html = new("html", "HTML", Conneg.Html, FormatFamily.Document, true, [".html"]);
    /// <summary>Plain JSON (search results, API answers).</summary>
    public static readonly MediaFormat Json = new("json", "JSON", "application/json", FormatFamily.Document, true, [".json"]);
    public static readonly MediaFormat Problem = new("problem", "Problem details", Problems.MediaType, FormatFamily.Document, true, [], ["application/json"]);
    public static readonly MediaFormat BibTex = new("bibtex", "BibTeX", Conneg.BibTex, FormatFamily.Document, true, [".bib"], ["bib"]);
    public static readonly MediaFormat Ris = new("ris", "RIS", Conneg.Ris, FormatFamily.Document, true, [".ris"]);
    public static readonly MediaFormat CslJson = new("csljson", "CSL-JSON", Conneg.CslJson, FormatFamily.Document, true, [], ["csl", "csl-json"]);
    public static readonly MediaFormat DataCite = new("datacite", "DataCite XML", Conneg.DataCite, FormatFamily.Document, true, []);
    public static readonly MediaFormat Linkset = new("linkset", "Linkset", Conneg.Linkset, FormatFamily.Document, true, []);
    public static readonly MediaFormat LinksetJson = new("linkset-json", "Linkset (JSON)", Conneg.LinksetJson, FormatFamily.Document, true, [], ["linksetjson"]);

    /// <summary>Every record and ontology term (DESIGN §3): HTML first, then the RDF syntaxes.</summary>
    public static readonly IReadOnlyList<MediaFormat> Record = [Html, .. MediaFormats.Rdf];

    /// <summary>The citation and link-set formats of a record, after <see cref="Record"/>.</summary>
    public static readonly IReadOnlyList<MediaFormat> Citations = [BibTex, Ris, CslJson, Linkset, LinksetJson];

    private static readonly IReadOnlyList<MediaFormat> Known = [.. Record, .. Citations, DataCite, Json, Problem];

    /// <summary>The format whose media type is <paramref name="mediaType"/> (parameters ignored), or null.</summary>
    public static MediaFormat? OfMediaType(string mediaType) =>
        Known.FirstOrDefault(f => f.MediaType.Equals(mediaType.Split(';')[0].Trim(), StringComparison.OrdinalIgnoreCase)) ?? MediaFormats.OfMediaType(mediaType);
}

/// <summary>
/// The content negotiation of every endpoint with more than one representation (records, /sparql,
/// /search, /ontology, /catalog, the API). An endpoint names its offer - the formats it can send,
/// its preference first - and gets the one format to answer in, or null for a 406
/// (<see cref="NotAcceptable"/>). <c>?format=</c> (a short name, alias, media type or extension of an
/// offered format) overrides Accept; Accept q-values and wildcards are honoured (<see cref="AcceptHeader"/>);
/// ties go to the offer's order. Responses that negotiate say <c>Vary: Accept</c> (<see cref="Representation"/>).
/// </summary>
internal static class Conneg
{
    // Media type names for code that switches on the chosen media type (constants, so they can be case labels).
    public const string Html = "text/html";
    public const string JsonLd = MediaTypeNames.JsonLd;
    public const string Turtle = MediaTypeNames.Turtle;
    public const string NTriples = MediaTypeNames.NTriples;
    public const string NQuads = MediaTypeNames.NQuads;
    public const string TriG = MediaTypeNames.TriG;
    public const string RdfXml = MediaTypeNames.RdfXml;
    public const string BibTex = "application/x-bibtex";
    public const string Ris = "application/x-research-info-systems";
    public const string CslJson = "application/vnd.citationstyles.csl+json";
    public const string DataCite = "application/vnd.datacite.datacite+xml";
    public const string LinksetJson = "application/linkset+json";
    public const string Linkset = "application/linkset";

    /// <summary>The media types of <see cref="WebFormats.Record"/>, HTML first.</summary>
    public static readonly IReadOnlyList<string> RecordTypes = [.. WebFormats.Record.Select(f => f.MediaType)];

    /// <summary>The short name of a media type we send, for <c>?format=</c> links.</summary>
    public static string? ShortNameOf(string mediaType) => WebFormats.OfMediaType(mediaType)?.Name;

    /// <summary>The format to answer <paramref name="request"/> in, from its <c>?format=</c> or Accept header.</summary>
    public static MediaFormat? Choose(HttpRequest request, IReadOnlyList<MediaFormat> offer) =>
        Choose(request.Query["format"].ToString(), request.Headers.Accept.ToString(), offer);

    /// <summary>The format for a <c>?format=</c> value (wins when not blank) and an Accept header.</summary>
    public static MediaFormat? Choose(string? format, string? accept, IReadOnlyList<MediaFormat> offer)
    {
        if (!string.IsNullOrWhiteSpace(format))
        {
            // The offer's own names first (json is JSON-LD for a record, SPARQL JSON for a query, JSON for /search).
            foreach (var f in offer) if (f.IsNamedBy(format)) return f;
            return null;
        }
        return AcceptHeader.Parse(accept).Choose(offer);
    }

    /// <summary>406 with the offered media types listed in the problem (<c>alternatives</c>).</summary>
    public static IResult NotAcceptable(IReadOnlyList<MediaFormat> offer, string? detail = null) =>
        Problems.Result(406, detail ?? "none of the representations of this resource is acceptable; use one of the listed media types (or ?format=)",
            extensions: new Dictionary<string, object?> { ["alternatives"] = offer.Select(f => f.MediaType).Distinct(StringComparer.Ordinal).ToArray() });

    /// <summary>The Content-Type of a media type we send (with its charset).</summary>
    public static string ContentType(string mediaType) => WebFormats.OfMediaType(mediaType)?.ContentType ?? mediaType;
}
