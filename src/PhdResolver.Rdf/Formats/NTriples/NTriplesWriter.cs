#pragma warning disable CS9113 // stub: parameters used once implemented
namespace PhdResolver.Rdf;

// Placeholder until the writer lands; keeps the format registry compiling.
public sealed class NTriplesWriter(TextWriter output, bool quads = false, WriterOptions? options = null) : IRdfWriter
{
    public RdfFormat Format => quads ? RdfFormat.NQuads : RdfFormat.NTriples;

    public void OnQuad(in Quad quad) => throw new NotSupportedException("NTriplesWriter is not implemented yet");

    public void Finish() { }
}
