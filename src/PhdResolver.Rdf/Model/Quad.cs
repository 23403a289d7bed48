namespace PhdResolver.Rdf;

/// <summary>
/// A quad. <see cref="Graph"/> is null for the default graph. Positions are typed as
/// <see cref="Term"/> so that generalized RDF (e.g. JSON-LD's produceGeneralizedRdf) can be
/// represented; parsers of the standard syntaxes only produce well-formed RDF.
/// </summary>
public readonly record struct Quad(Term Subject, Term Predicate, Term Object, Term? Graph = null)
{
    public bool InDefaultGraph => Graph is null;

    public Triple Triple => new(Subject, Predicate, Object);

    public Quad WithGraph(Term? graph) => new(Subject, Predicate, Object, graph);

    public override string ToString() => NTriplesFormatter.FormatQuad(this);
}

/// <summary>A triple (a quad without a graph name).</summary>
public readonly record struct Triple(Term Subject, Term Predicate, Term Object)
{
    public Quad InGraph(Term? graph) => new(Subject, Predicate, Object, graph);

    public override string ToString() => NTriplesFormatter.FormatQuad(new Quad(Subject, Predicate, Object));
}
