using PhdResolver.Rdf;

namespace PhdResolver.Store;

/// <summary>
/// A quad store seen through RDF terms only, so that a remote store (SPARQL 1.1 Protocol + Graph
/// Store Protocol) can implement it later. The SPARQL engine and SHACL-SPARQL read the id level,
/// <see cref="IQueryableDataset"/>, which the embedded store's snapshots implement.
/// </summary>
public interface IQuadStore : IDisposable
{
    /// <summary>A consistent, immutable view of the data as of the last commit. Never blocks.</summary>
    IQuadSnapshot OpenSnapshot();

    /// <summary>Starts the (single) write transaction; waits while another one is open.</summary>
    IQuadWriter BeginWrite();
}

/// <summary>A read-only view of one committed state. Later commits do not change it.</summary>
public interface IQuadSnapshot : IDisposable
{
    /// <summary>Quads matching a pattern; null = any term.</summary>
    IEnumerable<Quad> Match(Term? subject, Term? predicate, Term? @object, GraphFilter graph);

    /// <summary>Exact number of matches.</summary>
    long Count(Term? subject, Term? predicate, Term? @object, GraphFilter graph);

    /// <summary>A cheap estimate (an upper bound) of the number of matches, for query planning.</summary>
    long Estimate(Term? subject, Term? predicate, Term? @object, GraphFilter graph);

    /// <summary>Names of the non-empty named graphs.</summary>
    IReadOnlyList<Term> NamedGraphs();

    /// <summary>Number of quads, all graphs.</summary>
    long QuadCount { get; }

    /// <summary>Every quad (named graphs carry their name; default-graph quads have none).</summary>
    void Dump(IRdfSink sink);
}

/// <summary>
/// The one open write transaction. Changes are invisible to everyone until <see cref="Commit"/>
/// returns; disposing without committing discards them.
/// </summary>
public interface IQuadWriter : IDisposable
{
    /// <summary>Adds a quad (a quad already present is ignored). Terms are stored as given,
    /// blank node labels included: a label names the same node as the stored one.</summary>
    void Insert(in Quad quad);

    /// <summary>Removes a quad (absent: ignored).</summary>
    void Delete(in Quad quad);

    /// <summary>Removes every quad of a graph (null: the default graph's own quads).</summary>
    void ClearGraph(Term? graph);

    /// <summary>A sink for parsed documents: quads are inserted, triples of the default graph go to
    /// <paramref name="graph"/> (if given), and every blank node gets a new store-unique label, so
    /// documents loaded at different times never share blank nodes by accident.</summary>
    IRdfSink CreateLoadSink(Term? graph = null);

    /// <summary>Makes the changes durable (one SQLite transaction) and visible (a new snapshot).</summary>
    CommitResult Commit();
}

/// <summary>What a commit changed.</summary>
public readonly record struct CommitResult(long Inserted, long Deleted);

/// <summary>Which graphs a pattern ranges over.</summary>
public enum GraphFilterKind : byte
{
    /// <summary>All quads, each with its graph.</summary>
    Any,
    /// <summary>The default graph: its own quads, or the distinct triples of all graphs (see <see cref="DefaultGraphMode"/>).</summary>
    Default,
    /// <summary>Quads of every named graph (SPARQL <c>GRAPH ?g</c>).</summary>
    AllNamed,
    /// <summary>One named graph.</summary>
    Named,
}

public readonly record struct GraphFilter(GraphFilterKind Kind, Term? Name = null)
{
    public static GraphFilter Any => new(GraphFilterKind.Any);
    public static GraphFilter Default => new(GraphFilterKind.Default);
    public static GraphFilter AllNamed => new(GraphFilterKind.AllNamed);
    public static GraphFilter Named(Term name) => new(GraphFilterKind.Named, name ?? throw new ArgumentNullException(nameof(name)));
}

/// <summary>What the default graph of queries is.</summary>
public enum DefaultGraphMode : byte
{
    /// <summary>The RDF merge of all graphs (default graph included): each triple once.</summary>
    Union,
    /// <summary>A graph of its own, holding the quads stored without a graph name.</summary>
    Separate,
}

public enum SynchronousMode : byte
{
    /// <summary>fsync the WAL at every commit: acknowledged writes survive power loss.</summary>
    Full,
    /// <summary>Survives process crashes; the last commits may be lost on power loss.</summary>
    Normal,
}

public sealed record StoreOptions
{
    public static readonly StoreOptions Default = new();

    public DefaultGraphMode DefaultGraph { get; init; } = DefaultGraphMode.Union;

    public SynchronousMode Synchronous { get; init; } = SynchronousMode.Full;

    /// <summary>SQLite page cache size.</summary>
    public int SqliteCacheMiB { get; init; } = 64;

    /// <summary>
    /// A PostgreSQL database as the system of record instead of the data directory's SQLite file:
    /// <c>postgres://user:password@host:port/database</c> or a libpq <c>key=value</c> string
    /// (<see cref="PostgresLocation"/>). Null: SQLite.
    /// </summary>
    public string? Database { get; init; }

    /// <summary>
    /// True (the default): <see cref="QuadStore.Open"/> reads every quad into the in-memory indexes, about 95-115 bytes
    /// per quad, and snapshots answer everything from them, SPARQL included. False ("lean"): no quad is held in memory
    /// (the term dictionary still is); <see cref="QuadStore.OpenQuadSnapshot"/> answers the registry's reads (a graph's
    /// quads, a subject's quads, counts, named graphs, dump) from the system of record in one read transaction, and the
    /// id-level view the SPARQL engine needs (<see cref="QuadStore.OpenSnapshot"/>) is refused with
    /// <see cref="StoreErrorKind.NoQueryIndexes"/>: a lean deployment answers SPARQL through a remote store. Writes,
    /// replicas and dumps work as with indexes. See <see cref="LeanSnapshot"/> for what each read costs.
    /// </summary>
    public bool QueryIndexes { get; init; } = true;

    /// <summary>Progress of <see cref="QuadStore.Open"/> (one line per phase: terms, quads, indexes); null: silent.</summary>
    public Action<string>? Log { get; init; }
}
