using PhdResolver.Rdf;

namespace PhdResolver.Sparql;

/// <summary>A property path expression (SPARQL 1.1 §9).</summary>
public abstract record PropertyPath
{
    public sealed override string ToString() => SseWriter.Write(this);
}

public sealed record PathLink(Iri Iri) : PropertyPath;

public sealed record PathInverse(PropertyPath Path) : PropertyPath;

public sealed record PathSequence(PropertyPath Left, PropertyPath Right) : PropertyPath;

public sealed record PathAlternative(PropertyPath Left, PropertyPath Right) : PropertyPath;

public sealed record PathZeroOrMore(PropertyPath Path) : PropertyPath;

public sealed record PathOneOrMore(PropertyPath Path) : PropertyPath;

public sealed record PathZeroOrOne(PropertyPath Path) : PropertyPath;

/// <summary><c>!(a|^b)</c>: forward IRIs and inverse IRIs that must not match.</summary>
public sealed record PathNegatedSet(IReadOnlyList<Iri> Forward, IReadOnlyList<Iri> Inverse) : PropertyPath;
