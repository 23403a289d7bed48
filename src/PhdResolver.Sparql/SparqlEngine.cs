using PhdResolver.Rdf;
using PhdResolver.Sparql.Evaluation;
using PhdResolver.Sparql.Optimizer;
using PhdResolver.Sparql.Results;
using PhdResolver.Sparql.Update;
using PhdResolver.Store;

namespace PhdResolver.Sparql;

/// <summary>
/// SPARQL 1.1 Query and Update over an embedded <see cref="QuadStore"/>. A query runs on one
/// snapshot (later commits do not affect it); an update request runs in one write transaction,
/// all operations or none. Results stream: the deadline and cancellation are checked while the
/// caller enumerates them.
/// </summary>
public sealed class SparqlEngine
{
    private readonly QuadStore _store;

    public SparqlEngine(QuadStore store, SparqlOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        Options = options ?? SparqlOptions.Default;
    }

    public SparqlOptions Options { get; }

    /// <summary>Parses and runs a query. Syntax errors throw <see cref="RdfSyntaxException"/>.
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
        var snapshot = _store.OpenSnapshot();
        var (ctx, op) = Prepare(snapshot, query, Options, deadline);
        return QueryRunner.Run(ctx, query, op);
    }

    /// <summary>The optimized algebra the engine would evaluate (SSE via <c>ToString()</c>).</summary>
    public Op Explain(string text)
    {
        var query = SparqlParser.ParseQuery(text, Options.BaseIri);
        return Prepare(_store.OpenSnapshot(), query, Options, new Deadline(Options.Timeout, default)).Op;
    }

    /// <summary>Parses and runs an update request in one transaction.</summary>
    public void Update(string text, CancellationToken ct = default) =>
        Update(SparqlParser.ParseUpdate(text, Options.BaseIri), ct);

    public void Update(UpdateRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        new UpdateExecutor(_store, Options, ct).Execute(request);
    }

    internal static (QueryContext Ctx, Op Op) Prepare(StoreSnapshot snapshot, Query query, SparqlOptions options, Deadline deadline)
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
    internal static Func<TriplePattern, long> Estimator(StoreSnapshot snapshot) => t =>
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
