namespace PhdResolver.Rdf;

/// <summary>The RDF syntaxes we read and write.</summary>
public enum RdfFormat
{
    NTriples,
    NQuads,
    Turtle,
    TriG,
    RdfXml,
    JsonLd,
}

/// <summary>Media types, file extensions and parser/writer construction per syntax.</summary>
public static class RdfFormats
{
    public static readonly IReadOnlyList<RdfFormat> All =
        [RdfFormat.JsonLd, RdfFormat.Turtle, RdfFormat.NTriples, RdfFormat.NQuads, RdfFormat.TriG, RdfFormat.RdfXml];

    public static string MediaType(RdfFormat f) => f switch
    {
        RdfFormat.NTriples => "application/n-triples",
        RdfFormat.NQuads => "application/n-quads",
        RdfFormat.Turtle => "text/turtle",
        RdfFormat.TriG => "application/trig",
        RdfFormat.RdfXml => "application/rdf+xml",
        RdfFormat.JsonLd => "application/ld+json",
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    public static string Extension(RdfFormat f) => f switch
    {
        RdfFormat.NTriples => ".nt",
        RdfFormat.NQuads => ".nq",
        RdfFormat.Turtle => ".ttl",
        RdfFormat.TriG => ".trig",
        RdfFormat.RdfXml => ".rdf",
        RdfFormat.JsonLd => ".jsonld",
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    /// <summary>Short names used on the command line and in <c>?format=</c>.</summary>
    public static string ShortName(RdfFormat f) => f switch
    {
        RdfFormat.NTriples => "ntriples",
        RdfFormat.NQuads => "nquads",
        RdfFormat.Turtle => "turtle",
        RdfFormat.TriG => "trig",
        RdfFormat.RdfXml => "rdfxml",
        RdfFormat.JsonLd => "jsonld",
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    /// <summary>True when the syntax can carry named graphs.</summary>
    public static bool SupportsDatasets(RdfFormat f) => f is RdfFormat.NQuads or RdfFormat.TriG or RdfFormat.JsonLd;

    /// <summary>Finds a format by short name, media type (parameters ignored) or file extension.</summary>
    public static bool TryParse(string? text, out RdfFormat format)
    {
        format = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = text.Trim();
        int semi = t.IndexOf(';', StringComparison.Ordinal);
        if (semi >= 0) t = t[..semi].Trim();
        t = t.ToLowerInvariant();
        switch (t)
        {
            case "nt" or "ntriples" or "n-triples" or ".nt" or "application/n-triples" or "text/plain":
                format = RdfFormat.NTriples; return true;
            case "nq" or "nquads" or "n-quads" or ".nq" or "application/n-quads":
                format = RdfFormat.NQuads; return true;
            case "ttl" or "turtle" or ".ttl" or "text/turtle" or "application/x-turtle":
                format = RdfFormat.Turtle; return true;
            case "trig" or ".trig" or "application/trig":
                format = RdfFormat.TriG; return true;
            case "rdf" or "xml" or "rdfxml" or "rdf/xml" or ".rdf" or ".owl" or ".xml" or "application/rdf+xml":
                format = RdfFormat.RdfXml; return true;
            case "jsonld" or "json-ld" or ".jsonld" or ".json" or "json" or "application/ld+json" or "application/json":
                format = RdfFormat.JsonLd; return true;
            default:
                return false;
        }
    }

    /// <summary>Guesses the format from a file name's extension.</summary>
    public static bool TryFromFileName(string path, out RdfFormat format) =>
        TryParse(Path.GetExtension(path), out format);

    public static IRdfParser CreateParser(RdfFormat f) => f switch
    {
        RdfFormat.NTriples => new NTriplesParser(quads: false),
        RdfFormat.NQuads => new NTriplesParser(quads: true),
        RdfFormat.Turtle => new TurtleParser(trig: false),
        RdfFormat.TriG => new TurtleParser(trig: true),
        RdfFormat.RdfXml => new RdfXmlParser(),
        RdfFormat.JsonLd => new JsonLdParser(),
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    public static IRdfWriter CreateWriter(RdfFormat f, TextWriter output, WriterOptions? options = null) => f switch
    {
        RdfFormat.NTriples => new NTriplesWriter(output, quads: false, options),
        RdfFormat.NQuads => new NTriplesWriter(output, quads: true, options),
        RdfFormat.Turtle => new TurtleWriter(output, trig: false, options),
        RdfFormat.TriG => new TurtleWriter(output, trig: true, options),
        RdfFormat.RdfXml => new RdfXmlWriter(output, options),
        RdfFormat.JsonLd => new JsonLdWriter(output, options),
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };
}
