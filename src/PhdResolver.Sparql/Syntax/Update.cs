using PhdResolver.Rdf;

namespace PhdResolver.Sparql;

/// <summary>A SPARQL 1.1 Update request: operations in order.</summary>
public sealed class UpdateRequest
{
    public List<UpdateOperation> Operations { get; } = [];
    public string? BaseIri { get; internal set; }
    public IReadOnlyDictionary<string, string> Prefixes { get; internal set; } = new Dictionary<string, string>();
}

public abstract record UpdateOperation;

public sealed record InsertData(IReadOnlyList<QuadPattern> Quads) : UpdateOperation;

public sealed record DeleteData(IReadOnlyList<QuadPattern> Quads) : UpdateOperation;

public sealed record DeleteWhere(IReadOnlyList<QuadPattern> Quads) : UpdateOperation;

/// <summary>DELETE { } INSERT { } WHERE { } with optional WITH and USING clauses.</summary>
public sealed record Modify(
    Iri? With,
    IReadOnlyList<QuadPattern>? Delete,
    IReadOnlyList<QuadPattern>? Insert,
    IReadOnlyList<Iri> Using,
    IReadOnlyList<Iri> UsingNamed,
    GroupPattern Where) : UpdateOperation;

public sealed record Load(bool Silent, Iri Source, Iri? Into) : UpdateOperation;

public enum GraphTargetKind { Graph, Default, Named, All }

/// <summary>GRAPH iri / DEFAULT / NAMED / ALL.</summary>
public sealed record GraphTarget(GraphTargetKind Kind, Iri? Iri = null);

public sealed record Clear(bool Silent, GraphTarget Target) : UpdateOperation;

public sealed record Drop(bool Silent, GraphTarget Target) : UpdateOperation;

public sealed record Create(bool Silent, Iri Graph) : UpdateOperation;

public enum GraphTransferKind { Add, Move, Copy }

/// <summary>ADD / MOVE / COPY; a null IRI is the default graph.</summary>
public sealed record GraphTransfer(GraphTransferKind Kind, bool Silent, Iri? From, Iri? To) : UpdateOperation;
