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

    private static readonly FormatTable<SparqlResultFormat> Table = new(FormatFamily.SparqlResults,
        (SparqlResultFormat.Json, MediaFormats.SparqlJson), (SparqlResultFormat.Xml, MediaFormats.SparqlXml),
        (SparqlResultFormat.Csv, MediaFormats.SparqlCsv), (SparqlResultFormat.Tsv, MediaFormats.SparqlTsv));

    /// <summary>The registry entry of a result format (names, media types, extensions: <see cref="MediaFormats"/>).</summary>
    public static MediaFormat Format(SparqlResultFormat f) => Table.Format(f);

    /// <summary>The result format of a registry entry, or null when it is not one.</summary>
    public static SparqlResultFormat? Of(MediaFormat format) => Table.Of(format);

    /// <summary>
    /// Finds a result format by short name, media type (parameters ignored), alias or file extension.
    /// Generic JSON/XML media types count: a client asking a SPARQL endpoint for
    /// <c>application/json</c> means SPARQL JSON results.
    /// </summary>
    public static bool TryParse(string? text, out SparqlResultFormat format) => Table.TryParse(text, out format);

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
    /// Writes any result in the syntax named by <paramref name="mediaTypeOrName"/> (a media type,
    /// short name or extension): result syntaxes for SELECT/ASK, RDF syntaxes for graphs.
    /// </summary>
    /// <exception cref="NotSupportedException">When the syntax cannot carry that kind of result.</exception>
    public static void Write(QueryResult result, string mediaTypeOrName, TextWriter output, WriterOptions? rdfOptions = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result is GraphResult g)
        {
            // Looked up among the RDF syntaxes: "xml" or application/xml means RDF/XML for a graph.
            if (!RdfFormats.TryParse(mediaTypeOrName, out var rf))
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
}
