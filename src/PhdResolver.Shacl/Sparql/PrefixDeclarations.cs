using System.Text;
using PhdResolver.Rdf;

namespace PhdResolver.Shacl.Sparql;

/// <summary>
/// The PREFIX lines for a SHACL-SPARQL query: the declarations reachable by
/// <c>sh:prefixes/owl:imports*/sh:declare</c> (§5.2.1). Imports are followed only inside the shapes
/// graph; nothing is fetched. Two namespaces for one prefix make the shapes graph ill-formed.
/// </summary>
internal static class PrefixDeclarations
{
    public static string For(ShaclGraph g, Term node)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<Term>();
        var stack = new Stack<Term>(g.Objects(node, Sh.Prefixes));
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (!seen.Add(n)) continue;
            foreach (var d in g.Objects(n, Sh.Declare))
            {
                if (g.Object(d, Sh.Prefix) is not Literal p || g.Object(d, Sh.PrefixNamespace) is not Literal ns)
                    throw new ShaclException($"prefix declaration {d} needs sh:prefix and sh:namespace");
                if (map.TryGetValue(p.Lexical, out var existing) && existing != ns.Lexical)
                    throw new ShaclException($"prefix '{p.Lexical}' is declared for both <{existing}> and <{ns.Lexical}>");
                map[p.Lexical] = ns.Lexical;
            }
            foreach (var i in g.Objects(n, Sh.OwlImports)) stack.Push(i);
        }
        var sb = new StringBuilder();
        foreach (var (p, ns) in map)
        {
            sb.Append("PREFIX ").Append(p).Append(": <");
            NTriplesFormatter.AppendIriEscaped(sb, ns);
            sb.Append(">\n");
        }
        return sb.ToString();
    }
}
