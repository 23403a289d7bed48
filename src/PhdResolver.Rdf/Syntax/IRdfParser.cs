namespace PhdResolver.Rdf;

/// <summary>A streaming parser for one RDF syntax.</summary>
public interface IRdfParser
{
    RdfFormat Format { get; }

    /// <summary>Parses a document, pushing quads to <paramref name="sink"/> as they are read.</summary>
    /// <exception cref="RdfSyntaxException">On the first syntax error (unless lenient).</exception>
    void Parse(TextReader input, IRdfSink sink, ParserOptions? options = null);

    /// <summary>Parses UTF-8 bytes (BOM tolerated). Parsers may override for speed.</summary>
    void Parse(Stream input, IRdfSink sink, ParserOptions? options = null)
    {
        using var reader = new StreamReader(input, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        Parse(reader, sink, options);
    }
}

/// <summary>
/// A writer for one RDF syntax. Quads are pushed as a sink; <see cref="Finish"/> completes the
/// document (writers that group output, like Turtle, buffer until then).
/// </summary>
public interface IRdfWriter : IRdfSink
{
    RdfFormat Format { get; }

    /// <summary>Completes the document and flushes. Must be called once, after the last quad.</summary>
    void Finish();
}
