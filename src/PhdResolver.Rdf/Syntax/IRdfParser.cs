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
/// A parser that reads UTF-8 bytes (the N-Triples and Turtle families): both entry points come down to one
/// <see cref="ByteSource"/>, a stream read as it is and text transcoded on the way, so the lexers see bytes only.
/// </summary>
public abstract class ByteParser : IRdfParser
{
    public abstract RdfFormat Format { get; }

    public void Parse(TextReader input, IRdfSink sink, ParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        Run(ByteSource.From(input), sink ?? throw new ArgumentNullException(nameof(sink)), options ?? ParserOptions.Default);
    }

    public void Parse(Stream input, IRdfSink sink, ParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        Run(ByteSource.From(input), sink ?? throw new ArgumentNullException(nameof(sink)), options ?? ParserOptions.Default);
    }

    private protected abstract void Run(ByteSource source, IRdfSink sink, ParserOptions options);
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
