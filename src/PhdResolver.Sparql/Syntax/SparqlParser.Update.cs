using PhdResolver.Rdf;
using PhdResolver.Sparql.Syntax;

namespace PhdResolver.Sparql;

public sealed partial class SparqlParser
{
    /// <summary>Update ::= Prologue ( Update1 ( ';' Update )? )?</summary>
    private UpdateRequest UpdateUnit()
    {
        var req = new UpdateRequest();
        while (true)
        {
            Prologue();
            if (Cur.Kind == TokenKind.Eof) break;
            req.Operations.Add(Update1());
            if (Cur.Kind == TokenKind.Eof) break;
            if (!AcceptPunct(";")) throw Fail($"expected ';' between update operations but found {Cur.Describe()}");
        }
        req.BaseIri = _base;
        req.Prefixes = new Dictionary<string, string>(_prefixes, StringComparer.Ordinal);
        return req;
    }

    private UpdateOperation Update1()
    {
        var t = Cur;
        if (AcceptWord("LOAD"))
        {
            bool silent = AcceptWord("SILENT");
            var src = ParseIri();
            Iri? into = null;
            if (AcceptWord("INTO")) { ExpectWord("GRAPH"); into = ParseIri(); }
            return new Load(silent, src, into);
        }
        if (AcceptWord("CLEAR")) { bool s = AcceptWord("SILENT"); return new Clear(s, GraphRefAll()); }
        if (AcceptWord("DROP")) { bool s = AcceptWord("SILENT"); return new Drop(s, GraphRefAll()); }
        if (AcceptWord("CREATE")) { bool s = AcceptWord("SILENT"); ExpectWord("GRAPH"); return new Create(s, ParseIri()); }
        if (AtWord("ADD") || AtWord("MOVE") || AtWord("COPY"))
        {
            var kind = AcceptWord("ADD") ? GraphTransferKind.Add : AcceptWord("MOVE") ? GraphTransferKind.Move : Copy();
            bool s = AcceptWord("SILENT");
            var from = GraphOrDefault();
            ExpectWord("TO");
            var to = GraphOrDefault();
            return new GraphTransfer(kind, s, from, to);
        }
        if (AtWord("INSERT") && PeekTok().IsWord("DATA"))
        {
            _i += 2;
            return new InsertData(QuadBlock(allowVars: false, allowBlanks: true, "INSERT DATA"));
        }
        if (AtWord("DELETE") && PeekTok().IsWord("DATA"))
        {
            _i += 2;
            return new DeleteData(QuadBlock(allowVars: false, allowBlanks: false, "DELETE DATA"));
        }
        if (AtWord("DELETE") && PeekTok().IsWord("WHERE"))
        {
            _i += 2;
            return new DeleteWhere(QuadBlock(allowVars: true, allowBlanks: false, "DELETE WHERE"));
        }
        if (AtWord("WITH") || AtWord("DELETE") || AtWord("INSERT")) return Modify();
        throw FailAt(t, $"expected an update operation (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY) but found {t.Describe()}");
    }

    private GraphTransferKind Copy()
    {
        ExpectWord("COPY");
        return GraphTransferKind.Copy;
    }

    private GraphTarget GraphRefAll()
    {
        if (AcceptWord("DEFAULT")) return new GraphTarget(GraphTargetKind.Default);
        if (AcceptWord("NAMED")) return new GraphTarget(GraphTargetKind.Named);
        if (AcceptWord("ALL")) return new GraphTarget(GraphTargetKind.All);
        if (AcceptWord("GRAPH")) return new GraphTarget(GraphTargetKind.Graph, ParseIri());
        throw Fail($"expected GRAPH <iri>, DEFAULT, NAMED or ALL but found {Cur.Describe()}");
    }

    private Iri? GraphOrDefault()
    {
        if (AcceptWord("DEFAULT")) return null;
        AcceptWord("GRAPH");
        return ParseIri();
    }

    private Modify Modify()
    {
        Iri? with = AcceptWord("WITH") ? ParseIri() : null;
        IReadOnlyList<QuadPattern>? delete = null, insert = null;
        if (AcceptWord("DELETE")) delete = QuadBlock(allowVars: true, allowBlanks: false, "a DELETE template");
        if (AcceptWord("INSERT")) insert = QuadBlock(allowVars: true, allowBlanks: true, "INSERT", templateLabels: true);
        if (delete is null && insert is null) throw Fail($"expected DELETE or INSERT but found {Cur.Describe()}");
        var usingDefault = new List<Iri>();
        var usingNamed = new List<Iri>();
        while (AcceptWord("USING"))
        {
            if (AcceptWord("NAMED")) usingNamed.Add(ParseIri());
            else usingDefault.Add(ParseIri());
        }
        ExpectWord("WHERE");
        var where = GroupGraphPattern();
        return new Modify(with, delete, insert, usingDefault, usingNamed, where);
    }

    /// <summary>'{' Quads '}' with the restrictions of the operation it belongs to.</summary>
    /// <param name="templateLabels">
    /// True for INSERT templates: their blank nodes are fresh per solution, so their labels are
    /// independent of other operations (unlike INSERT DATA, whose labels are scoped to the request).
    /// </param>
    private List<QuadPattern> QuadBlock(bool allowVars, bool allowBlanks, string what, bool templateLabels = false)
    {
        ExpectPunct("{");
        var quads = new List<QuadPattern>();
        int savedScope = _currentScope;
        _currentScope = allowBlanks ? NewScope() : -1;
        _noBlanksIn = "in " + what;
        var (savedScopes, savedLabels) = (_labelScope, _labels);
        if (templateLabels) (_labelScope, _labels) = (new(StringComparer.Ordinal), new(StringComparer.Ordinal));
        var triples = new List<TripleSyntax>();
        void Flush(PatternTerm? graph, int from)
        {
            for (int k = from; k < triples.Count; k++)
            {
                var t = triples[k];
                quads.Add(new QuadPattern(t.Subject, t.Predicate!, t.Object, graph));
            }
        }
        while (true)
        {
            int from = triples.Count;
            var start = Cur;
            TriplesTemplate(triples);
            CheckTemplate(triples, from, allowVars, what, start);
            Flush(null, from);
            if (!AcceptWord("GRAPH")) break;
            var gTok = Cur;
            var g = ParseVarOrIri();
            if (!allowVars && g is Var) throw FailAt(gTok, $"variables are not allowed in {what}");
            ExpectPunct("{");
            from = triples.Count;
            start = Cur;
            TriplesTemplate(triples);
            CheckTemplate(triples, from, allowVars, what, start);
            ExpectPunct("}");
            Flush(g, from);
            AcceptPunct(".");
        }
        _currentScope = savedScope;
        (_labelScope, _labels) = (savedScopes, savedLabels);
        _noBlanksIn = "here";
        if (!AtPunct("}")) throw Fail($"expected '}}' but found {Cur.Describe()}");
        _i++;
        return quads;
    }

    private void CheckTemplate(List<TripleSyntax> triples, int from, bool allowVars, string what, Token start)
    {
        if (allowVars) return;
        for (int k = from; k < triples.Count; k++)
        {
            var t = triples[k];
            if (t.Subject is Var || t.Predicate is Var || t.Object is Var)
                throw FailAt(start, $"variables are not allowed in {what}");
        }
    }
}
