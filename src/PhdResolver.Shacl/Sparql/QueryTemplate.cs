using System.Text;
using PhdResolver.Rdf;
using PhdResolver.Sparql;

namespace PhdResolver.Shacl.Sparql;

/// <summary>
/// A SHACL-SPARQL query ready for pre-binding. Pre-binding (Appendix A) joins the pre-bound solution
/// with every basic graph pattern; we get the same effect by opening every group <c>{ … }</c> with a
/// one-row VALUES block, so a FILTER inside a nested group sees $this bound, as the spec requires.
/// (A single VALUES at the top of the query would not be equivalent: inner groups are evaluated
/// before the join, see pre-binding-001..005.) The query is rebuilt as text because the engine's
/// syntax tree cannot be constructed from outside its assembly; the text is checked once, here.
/// Blank nodes cannot be written in VALUES, so a blank pre-bound value is matched through
/// <see cref="SparqlDataGraph.BlankNodeGraph"/> instead.
/// </summary>
internal sealed class QueryTemplate
{
    private readonly string _text;
    private readonly int[] _insertAt;

    private QueryTemplate(string text, int[] insertAt, HashSet<string> mentioned)
    {
        _text = text;
        _insertAt = insertAt;
        Mentioned = mentioned;
    }

    /// <summary>The variable names the query text mentions (to skip pre-binding what it never uses).</summary>
    public HashSet<string> Mentioned { get; }

    /// <param name="source">the node holding the query (for error messages)</param>
    /// <param name="prefixes">PREFIX lines</param>
    /// <param name="body">the sh:select / sh:ask text</param>
    /// <param name="form">the query form the property requires</param>
    /// <param name="path">the property shape's path for $PATH (null for node shapes)</param>
    /// <param name="preBound">the potentially pre-bound variables</param>
    public static QueryTemplate Compile(Term source, string prefixes, string body, QueryForm form, ShaclPath? path, IReadOnlySet<string> preBound)
    {
        string where = $"query of {source}";
        string text = prefixes + body;
        Query parsed;
        try
        {
            parsed = SparqlParser.ParseQuery(text);
        }
        catch (SyntaxException e)
        {
            throw new ShaclException($"{where} does not parse: {e.Message}", e);
        }
        if (parsed.Form != form) throw new ShaclException($"{where} must be a {form.ToString().ToUpperInvariant()} query");
        PreBindingRules.Check(parsed, preBound, where);

        var items = QueryScanner.Scan(text);
        if (path is not null && items.Any(i => i.Kind == QueryScanner.Kind.Var && i.Text == "PATH"))
        {
            // Substitute $PATH (checked above to be only in predicate positions), then rescan.
            var sb = new StringBuilder();
            int last = 0;
            string pathText = SparqlPathSyntax.Write(path);
            foreach (var i in items)
                if (i.Kind == QueryScanner.Kind.Var && i.Text == "PATH")
                {
                    sb.Append(text, last, i.Start - last).Append(pathText);
                    last = i.End;
                }
            text = sb.Append(text, last, text.Length - last).ToString();
            items = QueryScanner.Scan(text);
        }

        var mentioned = new HashSet<string>(StringComparer.Ordinal);
        var insertAt = new List<int>();
        for (int k = 0; k < items.Count; k++)
        {
            var it = items[k];
            if (it.Kind == QueryScanner.Kind.Var) mentioned.Add(it.Text);
            // A group that is a sub-select may hold nothing else: its own WHERE group gets the block.
            bool subSelect = k + 1 < items.Count && items[k + 1].Kind == QueryScanner.Kind.Word
                && items[k + 1].Text.Equals("SELECT", StringComparison.OrdinalIgnoreCase);
            if (it.Kind == QueryScanner.Kind.OpenBrace && !subSelect) insertAt.Add(it.End);
        }
        return new QueryTemplate(text, [.. insertAt], mentioned);
    }

    /// <summary>The query text with <paramref name="bindings"/> pre-bound (a variable the text never mentions is left out).</summary>
    public string Bind(IReadOnlyList<(string Name, Term Value)> bindings)
    {
        var names = new StringBuilder();
        var values = new StringBuilder();
        var blanks = new StringBuilder();
        foreach (var (name, value) in bindings)
        {
            if (!Mentioned.Contains(name)) continue;
            if (value is BlankNode b)
            {
                blanks.Append(" GRAPH <").Append(SparqlDataGraph.BlankNodeGraph.Value).Append("> { <");
                NTriplesFormatter.AppendIriEscaped(blanks, SparqlDataGraph.BlankNodeName(b).Value);
                blanks.Append("> <").Append(SparqlDataGraph.BlankNodeLink.Value).Append("> ?").Append(name).Append(" }");
            }
            else
            {
                names.Append(" ?").Append(name);
                values.Append(' ');
                NTriplesFormatter.AppendTerm(values, value);
            }
        }
        string block = (names.Length > 0 ? $" VALUES ({names} ) {{ ({values} ) }}" : "") + blanks + " ";
        if (block.Length == 1) return _text;
        var sb = new StringBuilder(_text.Length + _insertAt.Length * block.Length);
        int last = 0;
        foreach (int at in _insertAt)
        {
            sb.Append(_text, last, at - last).Append(block);
            last = at;
        }
        return sb.Append(_text, last, _text.Length - last).ToString();
    }
}
