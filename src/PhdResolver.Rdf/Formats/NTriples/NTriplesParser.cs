#pragma warning disable CS9113 // stub: parameters used once implemented
namespace PhdResolver.Rdf;

// Placeholder until the parser lands; keeps the format registry compiling.
public sealed class NTriplesParser(bool quads = false) : IRdfParser
{
    public RdfFormat Format => quads ? RdfFormat.NQuads : RdfFormat.NTriples;

    public void Parse(TextReader input, IRdfSink sink, ParserOptions? options = null) =>
        throw new NotSupportedException("NTriplesParser is not implemented yet");
}
