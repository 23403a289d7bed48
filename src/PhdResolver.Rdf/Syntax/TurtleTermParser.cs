using System.Text;

namespace PhdResolver.Rdf;

/// <summary>
/// Reads single RDF terms in their Turtle spelling - <c>&lt;iri&gt;</c>, <c>_:label</c>, quoted literals (short
/// or long, either quote) with <c>@lang</c> or <c>^^&lt;datatype&gt;</c>, bare numbers and booleans - with the
/// Turtle parser's own scanning, so that every reader of Turtle terms (the SPARQL TSV results reader among
/// them) accepts and refuses what a Turtle document would, with one exception: a <c>\u</c> escape in an IRI
/// may stand for any character (a store may hold IRIs that IRIREF cannot spell raw; writers escape them). No
/// prefixes are declared: a prefixed name is an error. One instance per document: it keeps the parser's term
/// caches from term to term.
/// </summary>
public sealed class TurtleTermParser
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly TurtleReader _reader;
    private byte[] _bytes = new byte[256];

    /// <param name="blanks">Where blank node labels are made fresh nodes (one scope per document); without one a
    /// label is kept as the node's label, as the other SPARQL result readers keep theirs.</param>
    public TurtleTermParser(BlankNodeScope? blanks = null) =>
        _reader = new TurtleReader(trig: false, NoStatements.Instance, new ParserOptions { BlankNodes = blanks }, EmptySource.Instance) 
        {
            KeepLabels = blanks is null,
            // Result documents carry whatever IRIs a store holds, escaped where IRIREF cannot hold them raw.
            AnyEscapedIriCharacter = true,
        };

    /// <summary>
    /// Parses <paramref name="text"/> as exactly one term. An error carries <paramref name="line"/> and the column
    /// in that line: <paramref name="columnOffset"/> (the characters before the term) plus the column in the term.
    /// </summary>
    /// <exception cref="RdfSyntaxException">When the text is not exactly one term.</exception>
    public Term Parse(string text, long line = 1, long columnOffset = 0)
    {
        int max = Utf8.GetMaxByteCount(text.Length);
        if (_bytes.Length < max) _bytes = new byte[Math.Max(max, _bytes.Length * 2)];
        int n = Utf8.GetBytes(text, _bytes);
        try
        {
            return _reader.ReadSingleTerm(_bytes, n);
        }
        catch (RdfSyntaxException e)
        {
            // The reader counts from the term's first character on line 1.
            throw new RdfSyntaxException(e.Reason, line + e.Line - 1, (e.Line == 1 ? columnOffset : 0) + e.Column, e);
        }
    }

    private sealed class NoStatements : IRdfSink
    {
        public static readonly NoStatements Instance = new();
        public void OnQuad(in Quad quad) => throw new InvalidOperationException("a single term makes no statements");
    }

    private sealed class EmptySource : ByteSource
    {
        public static readonly EmptySource Instance = new();
        public override int Read(Span<byte> dest) => 0;
    }
}
