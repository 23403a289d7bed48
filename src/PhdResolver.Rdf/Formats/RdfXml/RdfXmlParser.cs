#pragma warning disable CS9113 // stub: parameters used once implemented
namespace PhdResolver.Rdf;

// Placeholder until the parser lands; keeps the format registry compiling.
public sealed class RdfXmlParser : IRdfParser
{
    public RdfFormat Format => RdfFormat.RdfXml;

    public void Parse(TextReader input, IRdfSink sink, ParserOptions? options = null) =>
        throw new NotSupportedException("RdfXmlParser is not implemented yet");
}
