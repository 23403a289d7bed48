#pragma warning disable CS9113 // stub: parameters used once implemented
namespace PhdResolver.Rdf;

// Placeholder until the parser lands; keeps the format registry compiling.
public sealed class TurtleParser(bool trig = false) : IRdfParser
{
    public RdfFormat Format => trig ? RdfFormat.TriG : RdfFormat.Turtle;

    public void Parse(TextReader input, IRdfSink sink, ParserOptions? options = null) =>
        throw new NotSupportedException("TurtleParser is not implemented yet");
}
