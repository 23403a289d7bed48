using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Results;

/// <summary>The SPARQL result syntaxes for SELECT and ASK results.</summary>
public enum SparqlResultFormat
{
    Json,
    Xml,
    Csv,
    Tsv,
}

/// <summary>
/// Media types, extensions, readers and writers of the SPARQL result syntaxes, and the dispatch
/// of a whole <see cref="QueryResult"/> (graphs included) to a writer chosen by media type.
/// </summary>
public static class SparqlResultFormats
{
    /// <summary>In server preference order (used to break ties in content negotiation).</summary>
    public static readonly IReadOnlyList<SparqlResultFormat> All =
        [SparqlResultFormat.Json, SparqlResultFormat.Xml, SparqlResultFormat.Tsv, SparqlResultFormat.Csv];

    /// <summary>
    /// CSV and TSV have no way to say "this is a boolean". We write an ASK result as a one-column,
    /// one-row table with this variable holding <c>true</c> or <c>false</c>, and the CSV/TSV
    /// readers turn exactly that shape back into a <see cref="BooleanResult"/>.
    /// </summary>
    public const string AskResultVariable = "_askResult";

    public static string MediaType(SparqlResultFormat f) => f switch
    {
        SparqlResultFormat.Json => "application/sparql-results+json",
        SparqlResultFormat.Xml => "application/sparql-results+xml",
        SparqlResultFormat.Csv => "text/csv",
        SparqlResultFormat.Tsv => "text/tab-separated-values",
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    public static string Extension(SparqlResultFormat f) => f switch
    {
        SparqlResultFormat.Json => ".srj",
        SparqlResultFormat.Xml => ".srx",
        SparqlResultFormat.Csv => ".csv",
        SparqlResultFormat.Tsv => ".tsv",
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    /// <summary>Short names used on the command line and in <c>?format=</c>.</summary>
    public static string ShortName(SparqlResultFormat f) => f switch
    {
        SparqlResultFormat.Json => "json",
        SparqlResultFormat.Xml => "xml",
        SparqlResultFormat.Csv => "csv",
        SparqlResultFormat.Tsv => "tsv",
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    /// <summary>
    /// Finds a result format by short name, media type (parameters ignored) or file extension.
    /// Generic JSON/XML media types count: a client asking a SPARQL endpoint for
    /// <c>application/json</c> means SPARQL JSON results.
    /// </summary>
    public static bool TryParse(string? text, out SparqlResultFormat format)
    {
        format = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = text.Trim();
        int semi = t.IndexOf(';', StringComparison.Ordinal);
        if (semi >= 0) t = t[..semi].Trim();
        switch (t.ToLowerInvariant())
        {
            case "json" or "srj" or ".srj" or "application/sparql-results+json" or "application/json":
                format = SparqlResultFormat.Json; return true;
            case "xml" or "srx" or ".srx" or "application/sparql-results+xml" or "application/xml" or "text/xml":
                format = SparqlResultFormat.Xml; return true;
            case "csv" or ".csv" or "text/csv":
                format = SparqlResultFormat.Csv; return true;
            case "tsv" or ".tsv" or "text/tab-separated-values":
                format = SparqlResultFormat.Tsv; return true;
            default:
                return false;
        }
    }

    public static bool TryFromFileName(string path, out SparqlResultFormat format) =>
        TryParse(Path.GetExtension(path), out format);

    public static SparqlResultWriter CreateWriter(SparqlResultFormat f, TextWriter output) => f switch
    {
        SparqlResultFormat.Json => new JsonResultWriter(output),
        SparqlResultFormat.Xml => new XmlResultWriter(output),
        SparqlResultFormat.Csv => new CsvResultWriter(output),
        SparqlResultFormat.Tsv => new TsvResultWriter(output),
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    /// <summary>Reads a whole result document (rows are materialised).</summary>
    /// <exception cref="RdfSyntaxException">On malformed input, with a position where the syntax allows.</exception>
    public static QueryResult Read(TextReader input, SparqlResultFormat f) => f switch
    {
        SparqlResultFormat.Json => JsonResultReader.Read(input),
        SparqlResultFormat.Xml => XmlResultReader.Read(input),
        SparqlResultFormat.Csv => CsvResultReader.Read(input),
        SparqlResultFormat.Tsv => TsvResultReader.Read(input),
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    public static QueryResult Parse(string text, SparqlResultFormat f) => Read(new StringReader(text), f);

    /// <summary>Reads UTF-8 bytes (a BOM is tolerated), e.g. an HTTP response body.</summary>
    public static QueryResult Read(Stream input, SparqlResultFormat f)
    {
        using var reader = new StreamReader(input, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        return Read(reader, f);
    }

    /// <summary>Reads a result file, the format coming from its extension unless given.</summary>
    public static QueryResult Load(string path, SparqlResultFormat? format = null)
    {
        var f = format ?? (TryFromFileName(path, out var g) ? g
            : throw new ArgumentException($"cannot tell the result syntax of '{path}' from its extension", nameof(path)));
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, f);
    }

    /// <summary>
    /// The media types a result can be written in, in server preference order: result syntaxes
    /// for SELECT/ASK, RDF syntaxes for graphs.
    /// </summary>
    public static IReadOnlyList<string> MediaTypesFor(QueryResult result) =>
        result is GraphResult ? GraphMediaTypes : ResultMediaTypes;

    private static readonly string[] ResultMediaTypes =
    [
        "application/sparql-results+json", "application/sparql-results+xml",
        "text/tab-separated-values", "text/csv", "application/json", "application/xml", "text/xml",
    ];

    private static readonly string[] GraphMediaTypes =
    [
        "text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml",
        "application/trig", "application/n-quads", "application/x-turtle", "application/json", "text/plain",
        "application/xml",
    ];

    /// <summary>
    /// Picks the media type to answer with from an HTTP Accept header (q-values, wildcards),
    /// or null when nothing acceptable can be produced (HTTP 406). A missing or empty header
    /// gets the default: SPARQL JSON results, or Turtle for graphs.
    /// </summary>
    public static string? Negotiate(string? accept, QueryResult result) =>
        AcceptHeader.Choose(accept, MediaTypesFor(result));

    /// <summary>
    /// Writes any result in the syntax named by <paramref name="mediaTypeOrName"/> (a media type,
    /// short name or extension): result syntaxes for SELECT/ASK, RDF syntaxes for graphs.
    /// </summary>
    /// <exception cref="NotSupportedException">When the syntax cannot carry that kind of result.</exception>
    public static void Write(QueryResult result, string mediaTypeOrName, TextWriter output, WriterOptions? rdfOptions = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result is GraphResult g)
        {
            // "xml" means RDF/XML for a graph; RdfFormats.TryParse does not know the generic XML type.
            var name = mediaTypeOrName.Split(';')[0].Trim();
            if (name.Equals("application/xml", StringComparison.OrdinalIgnoreCase) || name.Equals("text/xml", StringComparison.OrdinalIgnoreCase))
                name = "application/rdf+xml";
            if (!RdfFormats.TryParse(name, out var rf))
                throw new NotSupportedException($"a graph result cannot be written as '{mediaTypeOrName}'; use an RDF syntax");
            var w = RdfFormats.CreateWriter(rf, output, rdfOptions);
            foreach (var t in g.Triples) w.OnQuad(new Quad(t.Subject, t.Predicate, t.Object));
            w.Finish();
            return;
        }
        if (!TryParse(mediaTypeOrName, out var f))
            throw new NotSupportedException($"a {(result is BooleanResult ? "boolean" : "bindings")} result cannot be written as '{mediaTypeOrName}'; use a SPARQL result syntax");
        CreateWriter(f, output).Write(result);
    }

    /// <summary>The Content-Type header value for a media type we write (text types say UTF-8).</summary>
    public static string ContentType(string mediaType) =>
        mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("xml", StringComparison.OrdinalIgnoreCase) || mediaType.StartsWith("application/n-", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/trig", StringComparison.OrdinalIgnoreCase)
            ? mediaType + "; charset=utf-8"
            : mediaType;
}
