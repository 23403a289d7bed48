using PhdResolver.Rdf;
using PhdResolver.Sparql.Evaluation;
using PhdResolver.Sparql.Optimizer;
using PhdResolver.Sparql.Results;
using PhdResolver.Sparql.Update;
using PhdResolver.Store;

namespace PhdResolver.Sparql;

/// <summary>
/// SPARQL 1.1 Query over any <see cref="IQueryableDataset"/>, and Update over an embedded
/// <see cref="QuadStore"/>. A query runs on one dataset view (for a store, one snapshot: later commits
/// do not affect it); an update request runs in one write transaction, all operations or none.
/// Results stream: the deadline and cancellation are checked while the caller enumerates them.
/// </summary>
public sealed class SparqlEngine
{
    private readonly QuadStore? _store;
    private readonly Func<IQueryableDataset> _open;

    /// <summary>Queries and updates the embedded store; each query reads the snapshot current when it starts.</summary>
    public SparqlEngine(QuadStore store, SparqlOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _open = store.OpenSnapshot;
        Options = options ?? SparqlOptions.Default;
    }

    /// <summary>Queries the dataset <paramref name="open"/> returns, called once per query (a fixed dataset,
    /// or the current view of another backend). Such an engine has no store to update.</summary>
    public SparqlEngine(Func<IQueryableDataset> open, SparqlOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(open);
        _open = open;
        Options = options ?? SparqlOptions.Default;
    }

    public SparqlOptions Options { get; }

    /// <summary>Parses and runs a query. Syntax errors throw <see cref="SparqlSyntaxException"/>.
    /// The timeout covers parsing, translation, optimisation, evaluation and the caller's reading of
    /// the results.</summary>
    public QueryResult Query(string text, CancellationToken ct = default)
    {
        var deadline = new Deadline(Options.Timeout, ct);
        return Run(SparqlParser.ParseQuery(text, Options.BaseIri), deadline);
    }

    /// <summary>Runs a parsed query; the timeout starts now and covers translation, optimisation,
    /// evaluation and the caller's reading of the results.</summary>
    public QueryResult Query(Query query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Run(query, new Deadline(Options.Timeout, ct));
    }

    private QueryResult Run(Query query, Deadline deadline)
    {
        deadline.CheckNow();
        var (ctx, op) = Prepare(_open(), query, Options, deadline);
        return QueryRunner.Run(ctx, query, op);
    }

    /// <summary>The optimized algebra the engine would evaluate (SSE via <c>ToString()</c>).</summary>
    public Op Explain(string text)
    {
        var query = SparqlParser.ParseQuery(text, Options.BaseIri);
        return Prepare(_open(), query, Options, new Deadline(Options.Timeout, default)).Op;
    }

    /// <summary>Parses and runs an update request in one transaction.</summary>
    public void Update(string text, CancellationToken ct = default) =>
        Update(SparqlParser.ParseUpdate(text, Options.BaseIri), ct);

    public void Update(UpdateRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_store is null) throw new InvalidOperationException("this engine queries a read-only dataset: SPARQL Update needs an engine over a store");
        new UpdateExecutor(_store, Options, ct).Execute(request);
    }

    internal static (QueryContext Ctx, Op Op) Prepare(IQueryableDataset snapshot, Query query, SparqlOptions options, Deadline deadline)
    {
        var algebra = AlgebraBuilder.Translate(query);
        if (options.PropertyFunctions.Count > 0) algebra = PropertyFunctionRewriter.Rewrite(algebra, options.PropertyFunctions, deadline.Cancellation);
        deadline.CheckNow();
        var op = QueryOptimizer.Optimize(algebra, Estimator(snapshot), deadline);
        deadline.CheckNow();
        var ctx = new QueryContext(snapshot, QueryRunner.Slots(query, op), options, deadline.Cancellation, query.BaseIri ?? options.BaseIri, deadline);
        QueryRunner.ApplyDataset(ctx, query.From, query.FromNamed);
        return (ctx, op);
    }

    /// <summary>Matches of a pattern's constants over all graphs (an upper bound of any graph's).</summary>
    internal static Func<TriplePattern, long> Estimator(IQueryableDataset snapshot) => t =>
    {
        uint? Id(PatternTerm pt)
        {
            if (pt is TermNode { Term: var term } && term is not BlankNode)
                return snapshot.TryGetId(term, out uint id) ? id : 0u;
            return null;
        }
        uint? s = Id(t.Subject), p = Id(t.Predicate), o = Id(t.Object);
        if (s == 0 || p == 0 || o == 0) return 0; // a constant the store lacks: no matches
        return snapshot.Estimate(s, p, o, null);
    };
}
