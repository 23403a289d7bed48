using System.Globalization;
using System.Text;

namespace PhdResolver.Rdf;

/// <summary>The kind of an RDF term; ordered as SPARQL ORDER BY orders them (blank nodes, IRIs, literals).</summary>
public enum TermKind : byte
{
    BlankNode = 0,
    Iri = 1,
    Literal = 2,
}

/// <summary>
/// An RDF term. Terms are immutable reference types with value equality; the three concrete
/// kinds are sealed so that type tests on hot paths stay cheap.
/// </summary>
public abstract class Term : IEquatable<Term>
{
    private protected Term() { }

    public abstract TermKind Kind { get; }

    public bool IsIri => Kind == TermKind.Iri;
    public bool IsBlankNode => Kind == TermKind.BlankNode;
    public bool IsLiteral => Kind == TermKind.Literal;

    public abstract bool Equals(Term? other);

    public sealed override bool Equals(object? obj) => obj is Term t && Equals(t);

    public abstract override int GetHashCode();

    /// <summary>The term in N-Triples syntax.</summary>
    public sealed override string ToString()
    {
        var sb = new StringBuilder();
        NTriplesFormatter.AppendTerm(sb, this);
        return sb.ToString();
    }

    public static bool operator ==(Term? a, Term? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(Term? a, Term? b) => !(a == b);
}

/// <summary>An absolute IRI. The value is stored as given (no normalisation beyond what the parser did).</summary>
public sealed class Iri : Term
{
    public Iri(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
    }

    public string Value { get; }

    public override TermKind Kind => TermKind.Iri;

    public override bool Equals(Term? other) =>
        ReferenceEquals(this, other) || (other is Iri i && string.Equals(Value, i.Value, StringComparison.Ordinal));

    // The same IRI objects are hashed over and over (parsers share them through their term caches; SHACL's graph
    // indexes, datasets and dictionaries key on them), and an IRI is a long string: hashed once, kept. 0 means
    // "not yet" (a hash that is 0 is just computed again); racing threads store the same value.
    private int _hash;

    public override int GetHashCode()
    {
        int h = _hash;
        if (h == 0) _hash = h = Value.GetHashCode(StringComparison.Ordinal);
        return h;
    }

    public static implicit operator Iri(string value) => new(value);
}

/// <summary>
/// A blank node. Identifiers are only meaningful inside one dataset: parsers never reuse a
/// document's labels but allocate fresh identifiers (see <see cref="BlankNodeScope"/>), so data
/// from two documents can be merged without accidental co-reference.
/// </summary>
public sealed class BlankNode : Term
{
    private static long s_counter;

    public BlankNode(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        Id = id;
    }

    public string Id { get; }

    public override TermKind Kind => TermKind.BlankNode;

    /// <summary>A blank node with a process-wide unique identifier.</summary>
    public static BlankNode Fresh()
    {
        long n = Interlocked.Increment(ref s_counter);
        return new BlankNode(string.Create(CultureInfo.InvariantCulture, $"b{n}"));
    }

    public override bool Equals(Term? other) =>
        ReferenceEquals(this, other) || (other is BlankNode b && string.Equals(Id, b.Id, StringComparison.Ordinal));

    public override int GetHashCode() => Id.GetHashCode(StringComparison.Ordinal) ^ 0x5bd1e995;
}

/// <summary>
/// A literal: lexical form, datatype IRI and, for <c>rdf:langString</c>, a language tag.
/// Language tags compare case-insensitively (RDF 1.1 §3.3) but keep the case they were written in.
/// </summary>
public sealed class Literal : Term
{
    public Literal(string lexical, Iri datatype)
    {
        ArgumentNullException.ThrowIfNull(lexical);
        ArgumentNullException.ThrowIfNull(datatype);
        Lexical = lexical;
        Datatype = datatype;
    }

    public Literal(string lexical, string language)
    {
        ArgumentNullException.ThrowIfNull(lexical);
        ArgumentNullException.ThrowIfNull(language);
        Lexical = lexical;
        Language = language;
        Datatype = Vocab.Rdf.LangString;
    }

    /// <summary>A simple literal (<c>xsd:string</c>).</summary>
    public Literal(string lexical) : this(lexical, Vocab.Xsd.String) { }

    public string Lexical { get; }
    public Iri Datatype { get; }
    public string? Language { get; }

    public override TermKind Kind => TermKind.Literal;

    public bool IsSimple => Language is null && Datatype.Value == Vocab.Xsd.StringValue;

    public override bool Equals(Term? other)
    {
        if (ReferenceEquals(this, other)) return true;
        return other is Literal l
            && string.Equals(Lexical, l.Lexical, StringComparison.Ordinal)
            && Datatype.Equals(l.Datatype)
            && string.Equals(Language, l.Language, StringComparison.OrdinalIgnoreCase);
    }

    public override int GetHashCode() => HashCode.Combine(
        Lexical.GetHashCode(StringComparison.Ordinal),
        Datatype.GetHashCode(),
        Language is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(Language));
}
