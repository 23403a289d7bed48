using PhdResolver.Rdf;

namespace PhdResolver.Sparql;

/// <summary>
/// A property function (ARQ/jena-text style): a triple pattern whose predicate is the function's
/// IRI is not matched against the data; the function answers it with a table of solutions, which
/// is joined with the rest of the group. Subject and object may be single nodes or lists
/// (<c>(?s ?score) text:query ("words" 10)</c>): each side arrives as its items in order.
/// <para>
/// The engine stays free of what a function does: a layer that owns some other index (the
/// registry's full-text index) registers it in <see cref="SparqlOptions.PropertyFunctions"/>.
/// Without registrations nothing is rewritten, so plain SPARQL 1.1 evaluation is untouched.
/// </para>
/// </summary>
public interface IPropertyFunction
{
    /// <summary>
    /// The solutions of one call. Only the constant arguments are known (a function is evaluated
    /// once per query, before the join); a variable in an argument that the function needs constant
    /// is an error the function reports with <see cref="PropertyFunctionException"/>.
    /// </summary>
    /// <param name="subject">the subject, or the items of a subject list</param>
    /// <param name="argument">the object, or the items of an object list</param>
    /// <returns>a table over the variables among <paramref name="subject"/> (its rows bind them)</returns>
    Table Evaluate(IReadOnlyList<PatternTerm> subject, IReadOnlyList<PatternTerm> argument, CancellationToken ct);
}

/// <summary>A property function was called with arguments it cannot use (HTTP 400 at the endpoint).</summary>
public sealed class PropertyFunctionException(string message) : SparqlEvaluationException(message);

/// <summary>
/// Replaces property-function patterns in the algebra by the tables the functions return:
/// <c>Bgp(p1, f, p2)</c> becomes <c>Join(Bgp(p1, p2), Table)</c>. The rdf:first/rdf:rest patterns
/// of a list used as an argument are consumed with it.
/// </summary>
internal static class PropertyFunctionRewriter
{
    private static readonly Iri First = Vocab.Rdf.First, Rest = Vocab.Rdf.Rest, Nil = Vocab.Rdf.Nil;

    public static Op Rewrite(Op op, IReadOnlyDictionary<string, IPropertyFunction> functions, CancellationToken ct)
    {
        if (functions.Count == 0) return op;
        return Visit(op);

        Op Visit(Op o) => o switch
        {
            Bgp b => RewriteBgp(b, functions, ct),
            Join j => new Join(Visit(j.Left), Visit(j.Right)),
            LeftJoin l => new LeftJoin(Visit(l.Left), Visit(l.Right), l.Filter),
            Filter f => new Filter(f.Conditions, Visit(f.Input)),
            Union u => new Union(Visit(u.Left), Visit(u.Right)),
            Minus m => new Minus(Visit(m.Left), Visit(m.Right)),
            Graph g => new Graph(g.Name, Visit(g.Input)),
            Extend e => new Extend(Visit(e.Input), e.Variable, e.Expression),
            Group g => new Group(g.Keys, g.Aggregates, Visit(g.Input)),
            OrderBy ob => new OrderBy(ob.Conditions, Visit(ob.Input)),
            Project p => new Project(p.Variables, Visit(p.Input)),
            Distinct d => new Distinct(Visit(d.Input)),
            Reduced r => new Reduced(Visit(r.Input)),
            Slice s => new Slice(s.Offset, s.Limit, Visit(s.Input)),
            // Sub-queries inside EXISTS keep their patterns; SERVICE bodies are another endpoint's.
            _ => o,
        };
    }

    private static Op RewriteBgp(Bgp b, IReadOnlyDictionary<string, IPropertyFunction> functions, CancellationToken ct)
    {
        List<int>? calls = null;
        for (int i = 0; i < b.Triples.Count; i++)
            if (b.Triples[i].Predicate is TermNode { Term: Iri p } && functions.ContainsKey(p.Value)) (calls ??= []).Add(i);
        if (calls is null) return b;

        var consumed = new HashSet<int>(calls);
        var tables = new List<Op>();
        foreach (int i in calls)
        {
            var t = b.Triples[i];
            var fn = functions[((Iri)((TermNode)t.Predicate).Term).Value];
            var subject = ListItems(b, t.Subject, consumed);
            var argument = ListItems(b, t.Object, consumed);
            tables.Add(fn.Evaluate(subject, argument, ct));
        }
        var rest = new List<TriplePattern>();
        for (int i = 0; i < b.Triples.Count; i++) if (!consumed.Contains(i)) rest.Add(b.Triples[i]);
        // The function's table first: it is usually small, and joins seed the patterns that follow.
        Op result = tables[0];
        for (int k = 1; k < tables.Count; k++) result = new Join(result, tables[k]);
        return rest.Count == 0 ? result : new Join(result, new Bgp(rest));
    }

    /// <summary>The items of the list that <paramref name="node"/> heads (its rdf:first/rdf:rest
    /// patterns marked consumed), or the node itself when it heads no list.</summary>
    private static List<PatternTerm> ListItems(Bgp b, PatternTerm node, HashSet<int> consumed)
    {
        if (node is TermNode { Term: Iri nil } && nil == Nil) return [];
        if (node is not TermNode { Term: BlankNode }) return [node];
        var items = new List<PatternTerm>();
        var used = new List<int>();
        var current = node;
        for (int guard = 0; guard < b.Triples.Count; guard++)
        {
            int first = Find(b, current, First), rest = Find(b, current, Rest);
            if (first < 0 || rest < 0) return items.Count == 0 ? [node] : throw new PropertyFunctionException("a property function's argument list is not a well-formed list");
            items.Add(b.Triples[first].Object);
            used.Add(first);
            used.Add(rest);
            current = b.Triples[rest].Object;
            if (current is TermNode { Term: Iri end } && end == Nil)
            {
                consumed.UnionWith(used);
                return items;
            }
        }
        throw new PropertyFunctionException("a property function's argument list is not a well-formed list");
    }

    private static int Find(Bgp b, PatternTerm subject, Iri predicate)
    {
        for (int i = 0; i < b.Triples.Count; i++)
        {
            var t = b.Triples[i];
            if (t.Subject == subject && t.Predicate is TermNode { Term: Iri p } && p == predicate) return i;
        }
        return -1;
    }
}
