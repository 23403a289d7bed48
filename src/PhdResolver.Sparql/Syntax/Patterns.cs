using PhdResolver.Rdf;

namespace PhdResolver.Sparql;

/// <summary>One element of a group graph pattern, as written (before translation to algebra).</summary>
public abstract record PatternElement;

/// <summary>A triple as written: the predicate is a variable/IRI (<see cref="Predicate"/>) or a path (<see cref="Path"/>).</summary>
public sealed record TripleSyntax(PatternTerm Subject, PatternTerm? Predicate, PropertyPath? Path, PatternTerm Object);

public sealed record TriplesBlock(IReadOnlyList<TripleSyntax> Triples) : PatternElement;

/// <summary><c>{ ... }</c>: either a list of elements or a sub-select.</summary>
public sealed record GroupPattern(IReadOnlyList<PatternElement> Elements, Query? SubSelect = null) : PatternElement;

public sealed record UnionPattern(IReadOnlyList<GroupPattern> Branches) : PatternElement;

public sealed record OptionalPattern(GroupPattern Pattern) : PatternElement;

public sealed record MinusPattern(GroupPattern Pattern) : PatternElement;

public sealed record NamedGraphPattern(PatternTerm Graph, GroupPattern Pattern) : PatternElement;

public sealed record ServicePattern(bool Silent, PatternTerm Endpoint, GroupPattern Pattern) : PatternElement;

public sealed record FilterElement(Expression Condition) : PatternElement;

public sealed record BindElement(Expression Expression, Var Variable) : PatternElement;

/// <summary>VALUES data; a null cell is UNDEF.</summary>
public sealed record InlineData(IReadOnlyList<Var> Variables, IReadOnlyList<Term?[]> Rows) : PatternElement;
