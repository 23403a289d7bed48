#pragma warning disable CS9113 // stub: parameters used once implemented
namespace PhdResolver.Rdf;

// Placeholder until the writer lands; keeps the format registry compiling.
public sealed class JsonLdWriter(TextWriter output, WriterOptions? options = null) : IRdfWriter
{
    public RdfFormat Format => RdfFormat.JsonLd;

    public void OnQuad(in Quad quad) => throw new NotSupportedException("JsonLdWriter is not implemented yet");

    public void Finish() { }
}
