using System.Text;
using PhdResolver.Rdf;

namespace PhdResolver.Shacl.Sparql;

/// <summary>A SHACL path in SPARQL property-path syntax with full IRIs, for substituting $PATH.</summary>
internal static class SparqlPathSyntax
{
    public static string Write(ShaclPath path)
    {
        var sb = new StringBuilder();
        Append(sb, path);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, ShaclPath path)
    {
        switch (path)
        {
            case PredicatePath p:
                sb.Append('<');
                NTriplesFormatter.AppendIriEscaped(sb, p.Predicate.Value);
                sb.Append('>');
                break;
            case InversePath i:
                sb.Append("^(");
                Append(sb, i.Inner);
                sb.Append(')');
                break;
            case SequencePath s: Join(sb, s.Steps, '/'); break;
            case AlternativePath a: Join(sb, a.Options, '|'); break;
            case RepeatPath r:
                sb.Append('(');
                Append(sb, r.Inner);
                sb.Append(')').Append(r.Repeat switch { RepeatPath.Kind.ZeroOrMore => '*', RepeatPath.Kind.OneOrMore => '+', _ => '?' });
                break;
            default: throw new ShaclException($"cannot write path {path} in SPARQL syntax");
        }
    }

    private static void Join(StringBuilder sb, IReadOnlyList<ShaclPath> parts, char sep)
    {
        sb.Append('(');
        for (int i = 0; i < parts.Count; i++)
        {
            if (i > 0) sb.Append(sep);
            Append(sb, parts[i]);
        }
        sb.Append(')');
    }
}
