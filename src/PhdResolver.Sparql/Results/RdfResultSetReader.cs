using System.Globalization;
using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Results;

/// <summary>
/// Reads a result set written in RDF with the DAWG <c>rs:</c> vocabulary, as the W3C SPARQL
/// tests do in their .ttl/.rdf result files. Solutions with <c>rs:index</c> come back in index
/// order (the expectation of an ORDER BY query); others in document order.
/// </summary>
public static class RdfResultSetReader
{
    public const string Namespace = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#";

    private static readonly Iri ResultSet = new(Namespace + "ResultSet");
    private static readonly Iri ResultVariable = new(Namespace + "resultVariable");
    private static readonly Iri Solution = new(Namespace + "solution");
    private static readonly Iri BindingP = new(Namespace + "binding");
    private static readonly Iri Variable = new(Namespace + "variable");
    private static readonly Iri Value = new(Namespace + "value");
    private static readonly Iri Index = new(Namespace + "index");
    private static readonly Iri Boolean = new(Namespace + "boolean");

    /// <summary>The rs:ResultSet node of the graph, or null when the graph is not a result set.</summary>
    public static Term? FindResultSet(IEnumerable<Quad> graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        foreach (var q in graph)
            if (q.Predicate.Equals(Vocab.Rdf.Type) && q.Object.Equals(ResultSet)) return q.Subject;
        // Some files omit the type but still use the vocabulary.
        foreach (var q in graph)
            if (q.Predicate.Equals(ResultVariable) || q.Predicate.Equals(Boolean) || q.Predicate.Equals(Solution)) return q.Subject;
        return null;
    }

    public static bool IsResultSet(IEnumerable<Quad> graph) => FindResultSet(graph) is not null;

    /// <summary>Reads the result set of <paramref name="graph"/>.</summary>
    /// <exception cref="FormatException">When the graph holds no result set or a malformed one.</exception>
    public static QueryResult Read(IEnumerable<Quad> graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var quads = graph as IReadOnlyCollection<Quad> ?? graph.ToList();
        var rs = FindResultSet(quads) ?? throw new FormatException("the graph holds no rs:ResultSet");

        var bySubject = new Dictionary<Term, List<Quad>>();
        foreach (var q in quads)
        {
            if (!bySubject.TryGetValue(q.Subject, out var l)) bySubject[q.Subject] = l = [];
            l.Add(q);
        }
        IEnumerable<Term> Objects(Term s, Iri p) =>
            bySubject.TryGetValue(s, out var l) ? l.Where(q => q.Predicate.Equals(p)).Select(q => q.Object) : [];

        var boolean = Objects(rs, Boolean).FirstOrDefault();
        if (boolean is not null)
        {
            if (boolean is Literal { Lexical: "true" or "1" }) return new BooleanResult(true);
            if (boolean is Literal { Lexical: "false" or "0" }) return new BooleanResult(false);
            throw new FormatException($"rs:boolean must be true or false, not {boolean}");
        }

        var vars = new List<string>();
        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var v in Objects(rs, ResultVariable))
        {
            var name = v is Literal l ? l.Lexical : throw new FormatException($"rs:resultVariable must be a literal, not {v}");
            if (slots.TryAdd(name, vars.Count)) vars.Add(name);
        }

        var solutions = new List<(long Index, int Order, Term?[] Row)>();
        int order = 0;
        bool anyIndex = false;
        foreach (var sol in Objects(rs, Solution))
        {
            var row = new Term?[vars.Count];
            foreach (var b in Objects(sol, BindingP))
            {
                var varTerm = Objects(b, Variable).FirstOrDefault() as Literal
                    ?? throw new FormatException($"a binding of solution {sol} has no rs:variable literal");
                var value = Objects(b, Value).FirstOrDefault()
                    ?? throw new FormatException($"the binding of '{varTerm.Lexical}' in solution {sol} has no rs:value");
                if (!slots.TryGetValue(varTerm.Lexical, out int slot))
                {
                    slot = vars.Count;
                    slots[varTerm.Lexical] = slot;
                    vars.Add(varTerm.Lexical);
                }
                if (slot >= row.Length) Array.Resize(ref row, vars.Count);
                row[slot] = value;
            }
            long index = long.MaxValue;
            if (Objects(sol, Index).FirstOrDefault() is Literal idx)
            {
                if (!long.TryParse(idx.Lexical, NumberStyles.Integer, CultureInfo.InvariantCulture, out index))
                    throw new FormatException($"rs:index '{idx.Lexical}' is not an integer");
                anyIndex = true;
            }
            solutions.Add((index, order++, row));
        }
        if (anyIndex) solutions.Sort((a, b) => a.Index != b.Index ? a.Index.CompareTo(b.Index) : a.Order.CompareTo(b.Order));

        var rows = new List<Term?[]>(solutions.Count);
        foreach (var s in solutions)
        {
            var row = s.Row;
            if (row.Length < vars.Count) Array.Resize(ref row, vars.Count);
            rows.Add(row);
        }
        return new BindingsResult(vars, rows);
    }
}
