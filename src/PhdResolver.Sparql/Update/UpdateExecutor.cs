using PhdResolver.Rdf;
using PhdResolver.Sparql.Evaluation;
using PhdResolver.Sparql.Optimizer;
using PhdResolver.Store;

namespace PhdResolver.Sparql.Update;

/// <summary>
/// Runs a SPARQL 1.1 Update request in one write transaction: every operation sees the effects of
/// the earlier ones (through <see cref="WriteTransaction.PendingSnapshot"/>), and an error in any
/// operation discards them all. The store keeps no empty graphs, so a graph exists iff it has
/// quads: CREATE of a non-empty graph fails (unless SILENT), CREATE of another is a no-op, and
/// CLEAR/DROP of an absent graph do nothing. The timeout is the whole request's: one deadline
/// for all its operations, checked in every loop over data and through the commit (up to the
/// final SQLite COMMIT), so a request that runs past it changes nothing.
/// </summary>
internal sealed class UpdateExecutor(QuadStore store, SparqlOptions options, CancellationToken ct)
{
    private WriteTransaction _tx = null!;
    private Deadline _deadline = null!;
    private StoreSnapshot? _snapshot;
    private int _snapshotOps = -1;

    public void Execute(UpdateRequest request)
    {
        _deadline = new Deadline(options.Timeout, ct);
        using var tx = store.BeginWrite();
        _tx = tx;
        foreach (var op in request.Operations)
        {
            _deadline.CheckNow();
            switch (op)
            {
                case InsertData d: InsertData(d); break;
                case DeleteData d: DeleteData(d); break;
                case DeleteWhere d: DeleteWhere(d, request.BaseIri); break;
                case Modify m: Modify(m, request.BaseIri); break;
                case Load l: LoadOp(l); break;
                case Clear c: Clear(c.Target); break;
                case Drop d: Clear(d.Target); break;
                case Create c: Create(c); break;
                case GraphTransfer t: Transfer(t); break;
                default: throw new NotSupportedException($"update operation {op.GetType().Name}");
            }
        }
        Commit(tx);
    }

    /// <summary>The commit runs under the request's deadline too (sorting, writing and indexing
    /// millions of changes takes seconds): the store checks the same clock and token.</summary>
    private void Commit(WriteTransaction tx)
    {
        var remaining = _deadline.Remaining(); // throws if already past
        try
        {
            tx.Commit(new StopSignal(_deadline.Cancellation, remaining));
        }
        catch (TimeoutException)
        {
            throw new SparqlTimeoutException(_deadline.Timeout);
        }
    }

    /// <summary>The committed state plus this request's changes so far.</summary>
    private StoreSnapshot Snapshot()
    {
        if (_snapshot is not null && _snapshotOps == _tx.PendingOperations) return _snapshot;
        _snapshot = _tx.PendingOperations == 0 ? store.OpenSnapshot() : _tx.PendingSnapshot();
        _snapshotOps = _tx.PendingOperations;
        return _snapshot;
    }

    // ---- data

    private void InsertData(InsertData d)
    {
        var bnodes = new Dictionary<string, BlankNode>(StringComparer.Ordinal);
        foreach (var q in d.Quads)
        {
            _deadline.Tick();
            var quad = new Quad(Const(q.Subject, bnodes), Const(q.Predicate, bnodes), Const(q.Object, bnodes), q.Graph is null ? null : Const(q.Graph, bnodes));
            _tx.Insert(quad);
        }
    }

    private void DeleteData(DeleteData d)
    {
        foreach (var q in d.Quads)
        {
            _deadline.Tick();
            _tx.Delete(new Quad(Const(q.Subject, null), Const(q.Predicate, null), Const(q.Object, null), q.Graph is null ? null : Const(q.Graph, null)));
        }
    }

    /// <summary>A constant of a data block; blank nodes get labels fresh for this operation
    /// (they must never co-refer with stored blank nodes).</summary>
    private static Term Const(PatternTerm t, Dictionary<string, BlankNode>? bnodes)
    {
        var term = ((TermNode)t).Term;
        if (term is BlankNode b && bnodes is not null)
        {
            if (!bnodes.TryGetValue(b.Id, out var fresh)) bnodes[b.Id] = fresh = FreshBlankNode();
            return fresh;
        }
        return term;
    }

    internal static BlankNode FreshBlankNode() => new("u" + Guid.NewGuid().ToString("N"));

    // ---- pattern-based

    private void DeleteWhere(DeleteWhere d, string? baseIri)
    {
        var where = QuadsToAlgebra(d.Quads);
        var rows = Solve(where, d.Quads, null, [], [], baseIri, out var ctx);
        foreach (var r in rows) Instantiate(ctx, d.Quads, r, null, delete: true);
    }

    private void Modify(Modify m, string? baseIri)
    {
        var templates = new List<QuadPattern>();
        if (m.Delete is not null) templates.AddRange(m.Delete);
        if (m.Insert is not null) templates.AddRange(m.Insert);
        var rows = Solve(AlgebraBuilder.Translate(m.Where), templates, m.With, m.Using, m.UsingNamed, baseIri, out var ctx);
        if (m.Delete is not null)
            foreach (var r in rows) Instantiate(ctx, m.Delete, r, m.With, delete: true);
        if (m.Insert is not null)
            foreach (var r in rows) Instantiate(ctx, m.Insert, r, m.With, delete: false);
    }

    private List<uint[]> Solve(Op where, IReadOnlyList<QuadPattern> templates, Iri? with, IReadOnlyList<Iri> usingGraphs, IReadOnlyList<Iri> usingNamed, string? baseIri, out QueryContext ctx)
    {
        var snapshot = Snapshot();
        var op = QueryOptimizer.Optimize(where, SparqlEngine.Estimator(snapshot), _deadline);
        var vars = new VarTable();
        VarAnalysis.CollectAll(op, vars);
        foreach (var t in templates)
            foreach (var pt in new[] { t.Subject, t.Predicate, t.Object, t.Graph })
                if (pt is Var v) vars.Slot(v);
        ctx = new QueryContext(snapshot, vars, options, ct, baseIri ?? options.BaseIri, _deadline);
        if (usingGraphs.Count > 0 || usingNamed.Count > 0) QueryRunner.ApplyDataset(ctx, usingGraphs, usingNamed);
        else if (with is not null) ctx.DefaultGraphs = snapshot.TryGetId(with, out uint g) ? [g] : [];
        var ev = new Evaluator(ctx);
        var rows = new List<uint[]>();
        foreach (var r in ev.Eval(op, ev.EmptyRow(), GraphScope.Default))
        {
            rows.Add(r);
            if ((rows.Count & 1023) == 0) ctx.CheckMaterialised(rows.Count);
        }
        return rows;
    }

    /// <summary>Applies a template to one solution; quads with an unbound variable or an illegal
    /// term are skipped (§3.1.3). Blank nodes of INSERT templates are fresh per solution.</summary>
    private void Instantiate(QueryContext ctx, IReadOnlyList<QuadPattern> template, uint[] row, Iri? with, bool delete)
    {
        _deadline.Tick();
        var bnodes = new Dictionary<string, BlankNode>(StringComparer.Ordinal);
        foreach (var q in template)
        {
            var s = Term(ctx, q.Subject, row, bnodes);
            var p = Term(ctx, q.Predicate, row, bnodes);
            var o = Term(ctx, q.Object, row, bnodes);
            Term? g = q.Graph is null ? with : Term(ctx, q.Graph, row, bnodes);
            if (s is null || p is null || o is null || s is Literal || p is not Iri) continue;
            if (q.Graph is not null && g is not Iri) continue;
            var quad = new Quad(s, p, o, g);
            if (delete) _tx.Delete(quad); else _tx.Insert(quad);
        }
    }

    private static Term? Term(QueryContext ctx, PatternTerm t, uint[] row, Dictionary<string, BlankNode> bnodes)
    {
        if (t is TermNode { Term: BlankNode b })
        {
            if (!bnodes.TryGetValue(b.Id, out var fresh)) bnodes[b.Id] = fresh = FreshBlankNode();
            return fresh;
        }
        return QueryRunner.Instantiate(ctx, t, row, bnodes);
    }

    /// <summary>The WHERE pattern of DELETE WHERE: default-graph triples as one BGP, each GRAPH block as Graph(g, BGP).</summary>
    private static Op QuadsToAlgebra(IReadOnlyList<QuadPattern> quads)
    {
        var defaults = new List<TriplePattern>();
        var graphs = new List<(PatternTerm G, List<TriplePattern> T)>();
        foreach (var q in quads)
        {
            var tp = new TriplePattern(q.Subject, q.Predicate, q.Object);
            if (q.Graph is null) { defaults.Add(tp); continue; }
            int i = graphs.FindIndex(x => x.G.Equals(q.Graph));
            if (i < 0) graphs.Add((q.Graph, [tp])); else graphs[i].T.Add(tp);
        }
        Op op = new Bgp(defaults);
        foreach (var (g, t) in graphs) op = new Join(op, new Graph(g, new Bgp(t)));
        return op;
    }

    // ---- graph management

    private void Clear(GraphTarget target)
    {
        var snap = Snapshot();
        switch (target.Kind)
        {
            case GraphTargetKind.Default: DeleteAll(snap, 0, MatchFlags.None); break;
            case GraphTargetKind.Named: DeleteAll(snap, null, MatchFlags.NamedGraphsOnly); break;
            case GraphTargetKind.All: DeleteAll(snap, null, MatchFlags.None); break;
            default:
                if (snap.TryGetId(target.Iri!, out uint g)) DeleteAll(snap, g, MatchFlags.None);
                break;
        }
    }

    private void DeleteAll(StoreSnapshot snap, uint? g, MatchFlags flags)
    {
        var e = snap.Match(null, null, null, g, flags);
        while (e.MoveNext())
        {
            _deadline.Tick();
            var q = e.Current;
            _tx.DeleteIds(q.S, q.P, q.O, q.G);
        }
    }

    private bool GraphExists(Iri graph)
    {
        var snap = Snapshot();
        if (!snap.TryGetId(graph, out uint g)) return false;
        var e = snap.Match(null, null, null, g);
        return e.MoveNext();
    }

    private void Create(Create c)
    {
        if (GraphExists(c.Graph) && !c.Silent)
            throw new SparqlEvaluationException($"CREATE GRAPH {c.Graph}: the graph already exists");
    }

    private void Transfer(GraphTransfer t)
    {
        if (Equals(t.From, t.To)) return;
        var snap = Snapshot();
        uint? from = t.From is null ? 0 : snap.TryGetId(t.From, out uint f) ? f : null;
        if (t.Kind != GraphTransferKind.Add)
        {
            if (t.To is null) DeleteAll(snap, 0, MatchFlags.None);
            else if (snap.TryGetId(t.To, out uint g)) DeleteAll(snap, g, MatchFlags.None);
        }
        if (from is null) return; // an absent source is an empty graph
        uint to = t.To is null ? 0 : _tx.Intern(t.To);
        var e = snap.Match(null, null, null, from.Value);
        while (e.MoveNext())
        {
            _deadline.Tick();
            var q = e.Current;
            _tx.InsertIds(q.S, q.P, q.O, to);
        }
        if (t.Kind == GraphTransferKind.Move) DeleteAll(snap, from.Value, MatchFlags.None);
    }

    // ---- LOAD

    private void LoadOp(Load l)
    {
        try
        {
            var path = AllowedPath(l.Source.Value);
            if (!RdfFormats.TryFromFileName(path, out var format))
                throw new SparqlEvaluationException($"LOAD <{l.Source.Value}>: cannot tell the RDF syntax from the file name");
            var sink = new TickingSink(_tx.CreateLoadSink(l.Into), _deadline);
            using var s = File.OpenRead(path);
            RdfFormats.CreateParser(format).Parse(s, sink, new ParserOptions { BaseIri = l.Source.Value });
        }
        catch (Exception e) when (l.Silent && e is SparqlEvaluationException and not SparqlTimeoutException or IOException or RdfSyntaxException or UnauthorizedAccessException)
        {
            // LOAD SILENT: failures are not errors (quads parsed before a syntax error stay); the
            // request's timeout is not a failure of the LOAD.
        }
        catch (Exception e) when (e is IOException or RdfSyntaxException or UnauthorizedAccessException)
        {
            throw new SparqlEvaluationException($"LOAD <{l.Source.Value}>: {e.Message}", e);
        }
    }

    /// <summary>Only file: IRIs inside an allowed folder; URLs are never fetched.</summary>
    private string AllowedPath(string iri)
    {
        if (!iri.StartsWith("file:", StringComparison.OrdinalIgnoreCase) || !Uri.TryCreate(iri, UriKind.Absolute, out var uri))
            throw new SparqlRefusedException($"LOAD <{iri}> is refused: only local files (file: IRIs) under the allowed folders can be loaded");
        string path = Path.GetFullPath(uri.LocalPath);
        foreach (var folder in options.LoadAllowedFolders)
        {
            string dir = Path.GetFullPath(folder);
            if (!dir.EndsWith(Path.DirectorySeparatorChar)) dir += Path.DirectorySeparatorChar;
            if (path.StartsWith(dir, StringComparison.Ordinal)) return path;
        }
        throw new SparqlRefusedException(options.LoadAllowedFolders.Count == 0
            ? $"LOAD <{iri}> is refused: no folders are allowed for LOAD (SparqlOptions.LoadAllowedFolders)"
            : $"LOAD <{iri}> is refused: the file is not under an allowed folder");
    }

    /// <summary>LOAD: the deadline is checked per parsed quad (a large file parses for seconds).</summary>
    private sealed class TickingSink(IRdfSink inner, Deadline deadline) : IRdfSink
    {
        public void OnQuad(in Quad quad)
        {
            deadline.Tick();
            inner.OnQuad(quad);
        }

        public void OnPrefix(string prefix, string namespaceIri) => inner.OnPrefix(prefix, namespaceIri);

        public void OnBase(string baseIri) => inner.OnBase(baseIri);
    }
}
