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

/// <summary>Parser and writer construction per syntax; names, media types and extensions come from <see cref="MediaFormats"/>.</summary>
public static class RdfFormats
{
    public static readonly IReadOnlyList<RdfFormat> All =
        [RdfFormat.JsonLd, RdfFormat.Turtle, RdfFormat.NTriples, RdfFormat.NQuads, RdfFormat.TriG, RdfFormat.RdfXml];

    private static readonly FormatTable<RdfFormat> Table = new(FormatFamily.Rdf,
        (RdfFormat.NTriples, MediaFormats.NTriples), (RdfFormat.NQuads, MediaFormats.NQuads), (RdfFormat.Turtle, MediaFormats.Turtle),
        (RdfFormat.TriG, MediaFormats.TriG), (RdfFormat.RdfXml, MediaFormats.RdfXml), (RdfFormat.JsonLd, MediaFormats.JsonLd));

    /// <summary>The registry entry of a syntax: its media type, short name, label, extensions.</summary>
    public static MediaFormat Format(RdfFormat f) => Table.Format(f);

    /// <summary>The syntax of a registry entry, or null when it is not an RDF syntax.</summary>
    public static RdfFormat? Of(MediaFormat format) => Table.Of(format);

    // Kept for callers written before the registry (MediaFormat has them all).
    public static string MediaType(RdfFormat f) => Format(f).MediaType;
    public static string Extension(RdfFormat f) => Format(f).Extensions[0];
    public static string ShortName(RdfFormat f) => Format(f).Name;

    /// <summary>True when the syntax can carry named graphs.</summary>
    public static bool SupportsDatasets(RdfFormat f) => f is RdfFormat.NQuads or RdfFormat.TriG or RdfFormat.JsonLd;

    /// <summary>Finds a syntax by short name, media type (parameters ignored), alias or file extension (see <see cref="MediaFormats"/>).</summary>
    public static bool TryParse(string? text, out RdfFormat format) => Table.TryParse(text, out format);

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
