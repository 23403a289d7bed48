namespace PhdResolver.Rdf;

/// <summary>
/// Receives what a parser reads, in document order. Parsers stream: they never hold the whole
/// document's quads, so a sink that writes or indexes as it goes keeps memory bounded.
/// </summary>
public interface IRdfSink
{
    void OnQuad(in Quad quad);

    /// <summary>A prefix declaration (Turtle @prefix, RDF/XML xmlns, JSON-LD term definitions may report them too).</summary>
    void OnPrefix(string prefix, string namespaceIri) { }

    /// <summary>A base IRI declaration.</summary>
    void OnBase(string baseIri) { }
}

/// <summary>Adapts a delegate to <see cref="IRdfSink"/>.</summary>
public sealed class DelegateSink(Action<Quad> onQuad) : IRdfSink
{
    public void OnQuad(in Quad quad) => onQuad(quad);
}

/// <summary>Counts quads and drops them (benchmarks, syntax checks).</summary>
public sealed class CountingSink : IRdfSink
{
    public long Count { get; private set; }
    public void OnQuad(in Quad quad) => Count++;
}
