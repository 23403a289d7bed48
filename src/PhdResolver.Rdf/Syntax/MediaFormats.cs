namespace PhdResolver.Rdf;

/// <summary>What a format carries; a name such as <c>json</c> or <c>xml</c> means a different format in each family.</summary>
public enum FormatFamily
{
    /// <summary>RDF graphs and datasets.</summary>
    Rdf,
    /// <summary>SPARQL SELECT and ASK results.</summary>
    SparqlResults,
    /// <summary>Anything else a service offers (HTML pages, citations, link sets): registered by the service.</summary>
    Document,
}

/// <summary>
/// One format as the outside world names it: its media type, the other media types and short names
/// that mean it, its file extensions and whether it is UTF-8 text. Parsers and writers are not here
/// (see <see cref="RdfFormats"/> and the SPARQL result formats): this is the vocabulary shared by the
/// command line, <c>?format=</c> and HTTP content negotiation.
/// </summary>
public sealed class MediaFormat
{
    /// <param name="name">The short name we write (in <c>?format=</c> links); also recognised on input.</param>
    /// <param name="aliases">Other short names and media types recognised on input (matched case-insensitively).
    /// A media type here is also matched by an HTTP Accept header, after the format's own (see <see cref="MediaTypes"/>).</param>
    /// <param name="extensions">File extensions with the dot, the one we write first.</param>
    public MediaFormat(string name, string label, string mediaType, FormatFamily family, bool utf8Text,
        IReadOnlyList<string> extensions, IReadOnlyList<string>? aliases = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(mediaType);
        if (!mediaType.Contains('/', StringComparison.Ordinal)) throw new ArgumentException($"'{mediaType}' is not a media type", nameof(mediaType));
        Name = name;
        Label = label;
        MediaType = mediaType;
        Family = family;
        Charset = utf8Text ? "utf-8" : null;
        Extensions = extensions;
        Aliases = aliases ?? [];
        MediaTypes = [mediaType, .. Aliases.Where(a => a.Contains('/', StringComparison.Ordinal))];
        ContentType = Charset is null ? mediaType : mediaType + "; charset=" + Charset;
    }

    /// <summary>Short name, e.g. <c>ttl</c>.</summary>
    public string Name { get; }

    /// <summary>What people call it, e.g. <c>Turtle</c>.</summary>
    public string Label { get; }

    /// <summary>The registered media type we send, e.g. <c>text/turtle</c>.</summary>
    public string MediaType { get; }

    public FormatFamily Family { get; }

    /// <summary><c>utf-8</c> for text formats (sent as a Content-Type parameter), null for others.</summary>
    public string? Charset { get; }

    /// <summary>The Content-Type header value: the media type with its charset.</summary>
    public string ContentType { get; }

    /// <summary>File extensions with the dot; the first is the one we write.</summary>
    public IReadOnlyList<string> Extensions { get; }

    /// <summary>Other names and media types that mean this format on input.</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>The media type first, then the alias media types (e.g. <c>application/x-turtle</c>, or a
    /// generic <c>application/json</c>): what an Accept header is matched against, in that order.</summary>
    public IReadOnlyList<string> MediaTypes { get; }

    /// <summary>
    /// True when <paramref name="text"/> names this format: its short name, media type (parameters
    /// ignored), an alias or a file extension, case-insensitively.
    /// </summary>
    public bool IsNamedBy(ReadOnlySpan<char> text)
    {
        text = MediaFormats.Essence(text);
        if (text.Equals(Name, StringComparison.OrdinalIgnoreCase) || text.Equals(MediaType, StringComparison.OrdinalIgnoreCase)) return true;
        foreach (var a in Aliases) if (text.Equals(a, StringComparison.OrdinalIgnoreCase)) return true;
        foreach (var e in Extensions) if (text.Equals(e, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    public override string ToString() => MediaType;
}

/// <summary>
/// The registry of the RDF syntaxes and SPARQL result formats: one entry per format, the one place
/// where a media type, short name, alias, extension or charset is written down. Lookups are per
/// <see cref="FormatFamily"/>, because the generic names overlap on purpose: <c>json</c> is JSON-LD
/// for a graph and SPARQL JSON for a SELECT result, as a client of either means it.
/// </summary>
public static class MediaFormats
{
    public static readonly MediaFormat NTriples = new("nt", "N-Triples", MediaTypeNames.NTriples, FormatFamily.Rdf, true,
        [".nt"], ["ntriples", "n-triples", "text/plain"]);
    public static readonly MediaFormat NQuads = new("nq", "N-Quads", MediaTypeNames.NQuads, FormatFamily.Rdf, true,
        [".nq"], ["nquads", "n-quads"]);
    public static readonly MediaFormat Turtle = new("ttl", "Turtle", MediaTypeNames.Turtle, FormatFamily.Rdf, true,
        [".ttl"], ["turtle", "application/x-turtle"]);
    public static readonly MediaFormat TriG = new("trig", "TriG", MediaTypeNames.TriG, FormatFamily.Rdf, true,
        [".trig"]);
    public static readonly MediaFormat RdfXml = new("rdf", "RDF/XML", MediaTypeNames.RdfXml, FormatFamily.Rdf, true,
        [".rdf", ".owl", ".xml"], ["rdfxml", "rdf-xml", "rdf/xml", "xml", "application/xml", "text/xml"]);
    public static readonly MediaFormat JsonLd = new("jsonld", "JSON-LD", MediaTypeNames.JsonLd, FormatFamily.Rdf, true,
        [".jsonld", ".json"], ["json-ld", "json", "application/json"]);

    public static readonly MediaFormat SparqlJson = new("json", "SPARQL JSON results", MediaTypeNames.SparqlJson, FormatFamily.SparqlResults, true,
        [".srj"], ["srj", "application/json"]);
    public static readonly MediaFormat SparqlXml = new("xml", "SPARQL XML results", MediaTypeNames.SparqlXml, FormatFamily.SparqlResults, true,
        [".srx"], ["srx", "application/xml", "text/xml"]);
    public static readonly MediaFormat SparqlCsv = new("csv", "SPARQL CSV results", MediaTypeNames.Csv, FormatFamily.SparqlResults, true,
        [".csv"]);
    public static readonly MediaFormat SparqlTsv = new("tsv", "SPARQL TSV results", MediaTypeNames.Tsv, FormatFamily.SparqlResults, true,
        [".tsv"]);

    /// <summary>The RDF syntaxes, in server preference order (JSON-LD and Turtle first: most clients read them).</summary>
    public static readonly IReadOnlyList<MediaFormat> Rdf = [JsonLd, Turtle, NTriples, NQuads, TriG, RdfXml];

    /// <summary>The SPARQL result formats, in server preference order: JSON, XML, then TSV (which keeps every
    /// RDF term exactly) before CSV (which does not).</summary>
    public static readonly IReadOnlyList<MediaFormat> SparqlResults = [SparqlJson, SparqlXml, SparqlTsv, SparqlCsv];

    public static readonly IReadOnlyList<MediaFormat> All = [.. Rdf, .. SparqlResults];

    /// <summary>Finds the format of <paramref name="family"/> that <paramref name="text"/> names
    /// (short name, media type with or without parameters, alias or file extension).</summary>
    public static bool TryFind(string? text, FormatFamily family, out MediaFormat format)
    {
        format = null!;
        if (string.IsNullOrWhiteSpace(text)) return false;
        foreach (var f in All)
            if (f.Family == family && f.IsNamedBy(text)) { format = f; return true; }
        return false;
    }

    /// <summary>Finds the format of <paramref name="family"/> by a file name's extension.</summary>
    public static bool TryFindByFileName(string path, FormatFamily family, out MediaFormat format) =>
        TryFind(Path.GetExtension(path), family, out format);

    /// <summary>The format whose own media type is <paramref name="mediaType"/> (parameters ignored), of any family.</summary>
    public static MediaFormat? OfMediaType(string mediaType)
    {
        var essence = Essence(mediaType);
        foreach (var f in All) if (essence.Equals(f.MediaType, StringComparison.OrdinalIgnoreCase)) return f;
        return null;
    }

    /// <summary>A name or media type without parameters and surrounding space: <c>text/turtle; charset=utf-8</c> → <c>text/turtle</c>.</summary>
    internal static ReadOnlySpan<char> Essence(ReadOnlySpan<char> text)
    {
        int semi = text.IndexOf(';');
        if (semi >= 0) text = text[..semi];
        return text.Trim();
    }
}

/// <summary>
/// A library's enum of the formats it reads and writes (<see cref="RdfFormat"/>, the SPARQL result formats), paired
/// with their registry entries: the one mapping between the two, and lookups by name in the family.
/// </summary>
public sealed class FormatTable<T> where T : struct, Enum
{
    private readonly FormatFamily _family;
    private readonly (T Value, MediaFormat Format)[] _pairs;

    public FormatTable(FormatFamily family, params (T Value, MediaFormat Format)[] pairs)
    {
        foreach (var (_, f) in pairs)
            if (f.Family != family) throw new ArgumentException($"{f.Label} is not of the family {family}", nameof(pairs));
        _family = family;
        _pairs = pairs;
    }

    /// <summary>The registry entry of <paramref name="value"/>.</summary>
    public MediaFormat Format(T value)
    {
        foreach (var (v, f) in _pairs) if (EqualityComparer<T>.Default.Equals(v, value)) return f;
        throw new ArgumentOutOfRangeException(nameof(value));
    }

    /// <summary>The value of a registry entry, or null when the entry is not in this table.</summary>
    public T? Of(MediaFormat format)
    {
        foreach (var (v, f) in _pairs) if (ReferenceEquals(f, format)) return v;
        return null;
    }

    /// <summary>Finds a value by short name, media type (parameters ignored), alias or file extension.</summary>
    public bool TryParse(string? text, out T value)
    {
        value = default;
        if (!MediaFormats.TryFind(text, _family, out var m) || Of(m) is not { } v) return false;
        value = v;
        return true;
    }
}

/// <summary>The media types of <see cref="MediaFormats"/> as constants, for code that switches on them.</summary>
public static class MediaTypeNames
{
    public const string NTriples = "application/n-triples";
    public const string NQuads = "application/n-quads";
    public const string Turtle = "text/turtle";
    public const string TriG = "application/trig";
    public const string RdfXml = "application/rdf+xml";
    public const string JsonLd = "application/ld+json";
    public const string SparqlJson = "application/sparql-results+json";
    public const string SparqlXml = "application/sparql-results+xml";
    public const string Csv = "text/csv";
    public const string Tsv = "text/tab-separated-values";
}
