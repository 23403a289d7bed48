using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Results;

/// <summary>
/// What a query answers: a boolean (ASK), a sequence of solutions (SELECT) or a graph
/// (CONSTRUCT, DESCRIBE). Solutions and triples are streamed: writers consume them once.
/// </summary>
public abstract record QueryResult;

public sealed record BooleanResult(bool Value) : QueryResult;

/// <summary>
/// SELECT results. Each row has one slot per entry of <see cref="Variables"/> (names without
/// '?'); a null slot is an unbound variable.
/// </summary>
public sealed record BindingsResult(IReadOnlyList<string> Variables, IEnumerable<Term?[]> Rows) : QueryResult;

/// <summary>CONSTRUCT / DESCRIBE results.</summary>
public sealed record GraphResult(IEnumerable<Triple> Triples) : QueryResult;
