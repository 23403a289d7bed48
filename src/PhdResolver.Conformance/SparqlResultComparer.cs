using System.Text;
using PhdResolver.Rdf;
using PhdResolver.Sparql.Results;

namespace PhdResolver.Conformance;

/// <summary>An expected result of a W3C SPARQL test, with how it must be compared.</summary>
/// <param name="Result">The result; rows are materialised, so it can be compared many times.</param>
/// <param name="StringsOnly">True for CSV expectations: CSV drops types, so compare by string form.</param>
public sealed record ExpectedResult(QueryResult Result, string Path, bool StringsOnly)
{
    public bool Matches(QueryResult actual, bool ordered, out string? difference) =>
        SparqlResultComparer.Equivalent(Result, actual, ordered, StringsOnly, out difference);
}

/// <summary>
/// Result equivalence as the W3C SPARQL test harnesses define it: solutions are compared as a
/// multiset (or as a sequence for ORDER BY queries), terms by RDF term equality, blank nodes up
/// to one consistent bijection across the whole result (found by backtracking), graphs by
/// dataset isomorphism. Variables absent from one side count as unbound there.
/// </summary>
public static class SparqlResultComparer
{
    /// <summary>Gives up on pathological blank node matchings instead of running forever.</summary>
    private const int SearchBudget = 2_000_000;

    public static bool Equivalent(QueryResult expected, QueryResult actual, bool ordered, out string? difference) =>
        Equivalent(expected, actual, ordered, stringsOnly: false, out difference);

    /// <param name="stringsOnly">
    /// Compare terms by their CSV string form (IRIs bare, literals' lexical forms, empty = unbound);
    /// blank nodes still match by bijection. For expectations written in CSV.
    /// </param>
    public static bool Equivalent(QueryResult expected, QueryResult actual, bool ordered, bool stringsOnly, out string? difference)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        difference = null;
        switch (expected, actual)
        {
            case (BooleanResult e, BooleanResult a):
                if (e.Value == a.Value) return true;
                difference = $"expected {(e.Value ? "true" : "false")}, got {(a.Value ? "true" : "false")}";
                return false;
            case (GraphResult e, GraphResult a):
                var ge = e.Triples.Select(t => t.InGraph(null)).ToList();
                var ga = a.Triples.Select(t => t.InGraph(null)).ToList();
                if (Isomorphism.AreIsomorphic(ge, ga)) return true;
                difference = GraphDifference(ge, ga);
                return false;
            case (BindingsResult e, BindingsResult a):
                return CompareBindings(e, a, ordered, stringsOnly, out difference);
            default:
                difference = $"expected a {Kind(expected)} result, got a {Kind(actual)} result";
                return false;
        }
    }

    /// <summary>
    /// Loads the expected result of a W3C test by extension: .srx .srj .tsv .csv as result
    /// documents; .ttl .nt .rdf (and other RDF syntaxes) as an rs:ResultSet when the graph holds
    /// one, otherwise as a graph (a CONSTRUCT/DESCRIBE expectation).
    /// </summary>
    /// <param name="baseIri">Base for relative IRIs in RDF files (the test's assumed base); the file URL by default.</param>
    public static ExpectedResult LoadExpected(string path, string? baseIri = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (SparqlResultFormats.TryFromFileName(path, out var rf))
        {
            var r = SparqlResultFormats.Load(path, rf);
            return new ExpectedResult(r, path, rf == SparqlResultFormat.Csv);
        }
        if (!RdfFormats.TryFromFileName(path, out var gf))
            throw new ArgumentException($"cannot tell the result syntax of '{path}' from its extension", nameof(path));
        var ds = Dataset.Load(path, gf, new ParserOptions { BaseIri = baseIri ?? RdfManifest.FileUrl(path) });
        QueryResult result = RdfResultSetReader.IsResultSet(ds)
            ? RdfResultSetReader.Read(ds)
            : new GraphResult(ds.Select(q => q.Triple).ToList());
        return new ExpectedResult(result, path, false);
    }

    private static string Kind(QueryResult r) => r switch
    {
        BooleanResult => "boolean",
        BindingsResult => "bindings",
        GraphResult => "graph",
        _ => r.GetType().Name,
    };

    // ---- bindings ----------------------------------------------------------------------------

    private static bool CompareBindings(BindingsResult e, BindingsResult a, bool ordered, bool stringsOnly, out string? difference)
    {
        difference = null;
        var vars = e.Variables.ToList();
        foreach (var v in a.Variables) if (!vars.Contains(v)) vars.Add(v);
        var er = Align(e, vars, stringsOnly);
        var ar = Align(a, vars, stringsOnly);

        // Variables that one side lacks are fine as long as nobody binds them.
        foreach (var v in vars)
        {
            bool inE = e.Variables.Contains(v), inA = a.Variables.Contains(v);
            if (inE == inA) continue;
            int slot = vars.IndexOf(v);
            var rows = inE ? er : ar;
            if (rows.Any(r => r[slot] is not null))
            {
                difference = $"variables differ: expected ({Vars(e.Variables)}), got ({Vars(a.Variables)})";
                return false;
            }
        }

        if (er.Count != ar.Count)
        {
            difference = $"expected {er.Count} solutions, got {ar.Count}" + Listing(vars, er, ar);
            return false;
        }

        return ordered ? CompareSequences(vars, er, ar, out difference) : CompareBags(vars, er, ar, out difference);
    }

    private static List<Term?[]> Align(BindingsResult r, List<string> vars, bool stringsOnly)
    {
        var map = new int[r.Variables.Count];
        for (int i = 0; i < map.Length; i++) map[i] = vars.IndexOf(r.Variables[i]);
        var list = new List<Term?[]>();
        foreach (var row in r.Rows)
        {
            var aligned = new Term?[vars.Count];
            for (int i = 0; i < map.Length && i < row.Length; i++)
                aligned[map[i]] = stringsOnly ? AsCsv(row[i]) : ByValue(row[i]);
            list.Add(aligned);
        }
        return list;
    }

    /// <summary>
    /// Numeric literals compared by value within their datatype, as the W3C harnesses do
    /// (Jena's equalsByValue): "6"^^xsd:decimal equals "6.0"^^xsd:decimal, "2E-1" equals "2.0E-1".
    /// Other terms, and ill-typed numerics, compare as RDF terms.
    /// </summary>
    private static Term? ByValue(Term? t) =>
        t is Literal { Language: null } l && IsNumericType(l.Datatype.Value) ? LiteralCanonicalizer.Canonicalize(l) : t;

    private static bool IsNumericType(string datatype) => datatype is
        Vocab.Xsd.Namespace + "integer" or Vocab.Xsd.Namespace + "decimal" or Vocab.Xsd.Namespace + "double"
        or Vocab.Xsd.Namespace + "float";

    /// <summary>
    /// The CSV view of a term. Blank nodes stay blank nodes (matched by bijection). The
    /// exponent marker of numbers is upper-cased because CSV expectations and engines spell
    /// doubles differently (1.0e6 / 1.0E6) and the string is all CSV keeps of the value.
    /// </summary>
    private static Term? AsCsv(Term? t)
    {
        if (t is null or BlankNode) return t;
        var s = ResultTerms.CsvString(t);
        if (s.Length == 0) return null;
        if (ResultTerms.NumberShape(s) == ResultTerms.NumberKind.Double) s = s.Replace('e', 'E');
        return new Literal(s);
    }

    private static bool HasBlank(Term?[] row)
    {
        foreach (var t in row) if (t is BlankNode) return true;
        return false;
    }

    private static bool CompareSequences(List<string> vars, List<Term?[]> er, List<Term?[]> ar, out string? difference)
    {
        var map = new Bijection();
        for (int i = 0; i < er.Count; i++)
        {
            if (map.TryMatch(er[i], ar[i], out _)) continue;
            difference = $"solution {i + 1} differs: expected {Row(vars, er[i])}, got {Row(vars, ar[i])}";
            return false;
        }
        difference = null;
        return true;
    }

    private static bool CompareBags(List<string> vars, List<Term?[]> er, List<Term?[]> ar, out string? difference)
    {
        difference = null;
        // Ground rows can only match ground rows: a multiset comparison settles them.
        var counts = new Dictionary<Term?[], int>(RowComparer.Instance);
        var eBlank = new List<Term?[]>();
        var aBlank = new List<Term?[]>();
        foreach (var r in er)
        {
            if (HasBlank(r)) { eBlank.Add(r); continue; }
            counts[r] = counts.GetValueOrDefault(r) + 1;
        }
        var extra = new List<Term?[]>();
        foreach (var r in ar)
        {
            if (HasBlank(r)) { aBlank.Add(r); continue; }
            if (counts.TryGetValue(r, out int c) && c > 0) counts[r] = c - 1;
            else extra.Add(r);
        }
        var missing = counts.Where(kv => kv.Value > 0).SelectMany(kv => Enumerable.Repeat(kv.Key, kv.Value)).ToList();
        if (missing.Count > 0 || extra.Count > 0 || eBlank.Count != aBlank.Count)
        {
            var sb = new StringBuilder("solutions differ");
            AppendRows(sb, "missing", vars, missing.Concat(eBlank.Count != aBlank.Count ? eBlank : []).ToList());
            AppendRows(sb, "unexpected", vars, extra.Concat(eBlank.Count != aBlank.Count ? aBlank : []).ToList());
            difference = sb.ToString();
            return false;
        }
        if (eBlank.Count == 0) return true;

        // Rows with blank nodes: backtracking over candidate pairings with one global bijection.
        var candidates = new List<int>[eBlank.Count];
        for (int i = 0; i < eBlank.Count; i++)
        {
            candidates[i] = [];
            for (int j = 0; j < aBlank.Count; j++)
                if (SameShape(eBlank[i], aBlank[j])) candidates[i].Add(j);
            if (candidates[i].Count == 0)
            {
                difference = $"no solution matches {Row(vars, eBlank[i])} (even up to blank node renaming)";
                return false;
            }
        }
        var orderIdx = Enumerable.Range(0, eBlank.Count).OrderBy(i => candidates[i].Count).ToArray();
        var used = new bool[aBlank.Count];
        var map = new Bijection();
        int budget = SearchBudget;
        if (Search(0)) return true;
        difference = budget <= 0
            ? "gave up looking for a blank node bijection (search too large)"
            : "no consistent blank node mapping makes the solutions equal; blank-node solutions expected:"
              + string.Concat(eBlank.Take(5).Select(r => " " + Row(vars, r)))
              + "; got:" + string.Concat(aBlank.Take(5).Select(r => " " + Row(vars, r)));
        return false;

        bool Search(int k)
        {
            if (k == orderIdx.Length) return true;
            if (--budget <= 0) return false;
            var e = eBlank[orderIdx[k]];
            foreach (var j in candidates[orderIdx[k]])
            {
                if (used[j]) continue;
                if (!map.TryMatch(e, aBlank[j], out int added)) continue;
                used[j] = true;
                if (Search(k + 1)) return true;
                used[j] = false;
                map.Undo(added);
                if (budget <= 0) return false;
            }
            return false;
        }
    }

    /// <summary>Same ground terms in the same places, blank nodes opposite blank nodes.</summary>
    private static bool SameShape(Term?[] e, Term?[] a)
    {
        for (int i = 0; i < e.Length; i++)
        {
            var x = e[i];
            var y = a[i];
            if (x is BlankNode) { if (y is not BlankNode) return false; }
            else if (!Equals(x, y)) return false;
        }
        return true;
    }

    /// <summary>A partial blank node bijection, extended row by row and undone on backtracking.</summary>
    private sealed class Bijection
    {
        private readonly Dictionary<BlankNode, BlankNode> _forward = [];
        private readonly Dictionary<BlankNode, BlankNode> _backward = [];
        private readonly List<BlankNode> _log = [];

        /// <summary>Extends the mapping so <paramref name="e"/> maps onto <paramref name="a"/>; on failure leaves it unchanged.</summary>
        public bool TryMatch(Term?[] e, Term?[] a, out int added)
        {
            int mark = _log.Count;
            for (int i = 0; i < e.Length; i++)
            {
                if (e[i] is BlankNode be && a[i] is BlankNode ba)
                {
                    if (_forward.TryGetValue(be, out var m))
                    {
                        if (!m.Equals(ba)) { Undo(_log.Count - mark); added = 0; return false; }
                    }
                    else if (_backward.ContainsKey(ba)) { Undo(_log.Count - mark); added = 0; return false; }
                    else
                    {
                        _forward[be] = ba;
                        _backward[ba] = be;
                        _log.Add(be);
                    }
                }
                else if (!Equals(e[i], a[i])) { Undo(_log.Count - mark); added = 0; return false; }
            }
            added = _log.Count - mark;
            return true;
        }

        public void Undo(int count)
        {
            for (int k = 0; k < count; k++)
            {
                var be = _log[^1];
                _log.RemoveAt(_log.Count - 1);
                _backward.Remove(_forward[be]);
                _forward.Remove(be);
            }
        }
    }

    private sealed class RowComparer : IEqualityComparer<Term?[]>
    {
        public static readonly RowComparer Instance = new();

        public bool Equals(Term?[]? x, Term?[]? y)
        {
            if (ReferenceEquals(x, y)) return true;
            if (x is null || y is null || x.Length != y.Length) return false;
            for (int i = 0; i < x.Length; i++) if (!Equals(x[i], y[i])) return false;
            return true;
        }

        public int GetHashCode(Term?[] row)
        {
            var h = new HashCode();
            foreach (var t in row) h.Add(t);
            return h.ToHashCode();
        }
    }

    // ---- messages ----------------------------------------------------------------------------

    private static string Vars(IEnumerable<string> vars) => string.Join(" ", vars.Select(v => "?" + v));

    private static string Row(List<string> vars, Term?[] row)
    {
        var sb = new StringBuilder("{");
        for (int i = 0; i < row.Length; i++)
            if (row[i] is { } t) sb.Append(" ?").Append(vars[i]).Append('=').Append(t.ToString());
        return sb.Append(" }").ToString();
    }

    private static void AppendRows(StringBuilder sb, string label, List<string> vars, List<Term?[]> rows)
    {
        if (rows.Count == 0) return;
        sb.Append("; ").Append(label).Append(" (").Append(rows.Count).Append("):");
        foreach (var r in rows.Take(5)) sb.Append(' ').Append(Row(vars, r));
        if (rows.Count > 5) sb.Append(" ...");
    }

    private static string Listing(List<string> vars, List<Term?[]> er, List<Term?[]> ar)
    {
        var sb = new StringBuilder();
        AppendRows(sb, "expected", vars, er);
        AppendRows(sb, "got", vars, ar);
        return sb.ToString();
    }

    private static string GraphDifference(List<Quad> e, List<Quad> a)
    {
        var sa = new HashSet<Quad>(a);
        var se = new HashSet<Quad>(e);
        var missing = e.Where(q => !sa.Contains(q) && !HasBlankQuad(q)).Take(5).ToList();
        var extra = a.Where(q => !se.Contains(q) && !HasBlankQuad(q)).Take(5).ToList();
        var sb = new StringBuilder($"graphs are not isomorphic (expected {se.Count} triples, got {sa.Count})");
        if (missing.Count > 0) sb.Append("; missing: ").Append(string.Join(" ", missing));
        if (extra.Count > 0) sb.Append("; unexpected: ").Append(string.Join(" ", extra));
        return sb.ToString();
    }

    private static bool HasBlankQuad(Quad q) => q.Subject is BlankNode || q.Object is BlankNode;
}
