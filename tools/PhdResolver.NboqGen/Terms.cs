namespace PhdResolver.NboqGen;

/// <summary>What the generator knows about one ontology term before it is written out.</summary>
public abstract class Term
{
    public required string Name { get; init; }            // local name in the nboq: namespace
    public string Label { get; set; } = "";
    public string Definition { get; set; } = "";
    public int Tier { get; set; } = 3;
    public string Extension { get; set; } = "Core";
    public string? NboName { get; set; }                  // the NBO element/attribute name, where there is one
    public List<string> CloseMatch { get; } = [];
}

public sealed class ClassTerm : Term
{
    public SortedSet<string> Supers { get; } = new(StringComparer.Ordinal);   // CURIEs
    public SortedSet<string> Paths { get; } = new(StringComparer.Ordinal);
}

public enum PropertyKind { Datatype, Object, Annotation }

public sealed class PropertyTerm : Term
{
    public PropertyKind Kind { get; set; }
    public string? Range { get; set; }                    // CURIE
    public string? Super { get; set; }                    // CURIE
    public string? UnitProperty { get; set; }             // local name of the companion unit property
    public string? DefaultUnit { get; set; }              // CURIE of a QUDT unit
    public string? ValueScheme { get; set; }              // local name of the SKOS scheme for enumerations
    public SortedSet<string> UsedBy { get; } = new(StringComparer.Ordinal);   // class local names
}

public sealed class SchemeTerm : Term
{
    public List<ConceptTerm> Concepts { get; } = [];
}

public sealed class ConceptTerm : Term
{
    public required string Notation { get; init; }
    public required string Scheme { get; init; }
}

/// <summary>One (class, property) pair from the attribute table: what the tier shapes check.</summary>
public sealed record Usage(string Class, string Property, int Tier, bool Required, string Extension,
    string? Datatype, string? Scheme, bool IsReference, string NboElementPath, string NboAttribute)
{
    /// <summary>NBO marks the row R but Micro-Meta App does not require it at this tier: written as SHOULD, flagged nboq:nboRequired.</summary>
    public bool NotEnforced { get; init; }
}

/// <summary>An element row marked required: <see cref="Parent"/> needs at least one <see cref="Element"/> via <see cref="Link"/>.</summary>
public sealed record RequiredElement(string Parent, string Element, string Link, int Tier, string Extension, string NboPath, string NboElement, string Cardinality)
{
    /// <summary>Micro-Meta App does not require the element in its parent: SHOULD, flagged nboq:nboRequired.</summary>
    public bool NotEnforced { get; init; }
}
