#pragma warning disable CS9113 // stub: parameters used once implemented
namespace PhdResolver.Rdf;

// Placeholder until the writer lands; keeps the format registry compiling.
public sealed class TurtleWriter(TextWriter output, bool trig = false, WriterOptions? options = null) : IRdfWriter
{
    public RdfFormat Format => trig ? RdfFormat.TriG : RdfFormat.Turtle;

    public void OnQuad(in Quad quad) => throw new NotSupportedException("TurtleWriter is not implemented yet");

    public void Finish() { }
}
