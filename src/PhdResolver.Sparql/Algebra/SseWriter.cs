using System.Text;
using PhdResolver.Rdf;

namespace PhdResolver.Sparql;

/// <summary>
/// Writes algebra as S-expressions in the style of Jena's SSE, for debugging and tests:
/// <c>(project (?s) (bgp (triple ?s ?p ?o)))</c>. Operators go on their own indented lines,
/// expressions stay on one line.
/// </summary>
public static class SseWriter
{
    public static string Write(Op op)
    {
        ArgumentNullException.ThrowIfNull(op);
        var sb = new StringBuilder();
        WriteOp(sb, op, 0);
        return sb.ToString();
    }

    public static string Write(Expression e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var sb = new StringBuilder();
        WriteExpr(sb, e);
        return sb.ToString();
    }

    public static string Write(PropertyPath p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var sb = new StringBuilder();
        WritePath(sb, p);
        return sb.ToString();
    }

    private static void NewLine(StringBuilder sb, int indent) => sb.Append('\n').Append(' ', indent * 2);

    private static void Child(StringBuilder sb, Op op, int indent)
    {
        NewLine(sb, indent);
        WriteOp(sb, op, indent);
    }

    private static void WriteOp(StringBuilder sb, Op op, int indent)
    {
        int inner = indent + 1;
        switch (op)
        {
            case Bgp bgp:
                sb.Append("(bgp");
                foreach (var t in bgp.Triples)
                {
                    NewLine(sb, inner);
                    sb.Append("(triple ");
                    WriteTerm(sb, t.Subject); sb.Append(' ');
                    WriteTerm(sb, t.Predicate); sb.Append(' ');
                    WriteTerm(sb, t.Object); sb.Append(')');
                }
                sb.Append(')');
                break;
            case PathOp p:
                sb.Append("(path ");
                WriteTerm(sb, p.Subject); sb.Append(' ');
                WritePath(sb, p.Path); sb.Append(' ');
                WriteTerm(sb, p.Object); sb.Append(')');
                break;
            case Join j: sb.Append("(join"); Child(sb, j.Left, inner); Child(sb, j.Right, inner); sb.Append(')'); break;
            case LeftJoin lj:
                sb.Append("(leftjoin");
                Child(sb, lj.Left, inner);
                Child(sb, lj.Right, inner);
                if (lj.Filter is not null) { NewLine(sb, inner); WriteExpr(sb, lj.Filter); }
                sb.Append(')');
                break;
            case Filter f:
                sb.Append("(filter ");
                if (f.Conditions.Count == 1) WriteExpr(sb, f.Conditions[0]);
                else
                {
                    sb.Append("(exprlist");
                    foreach (var c in f.Conditions) { sb.Append(' '); WriteExpr(sb, c); }
                    sb.Append(')');
                }
                Child(sb, f.Input, inner);
                sb.Append(')');
                break;
            case Union u: sb.Append("(union"); Child(sb, u.Left, inner); Child(sb, u.Right, inner); sb.Append(')'); break;
            case Minus m: sb.Append("(minus"); Child(sb, m.Left, inner); Child(sb, m.Right, inner); sb.Append(')'); break;
            case Graph g: sb.Append("(graph "); WriteTerm(sb, g.Name); Child(sb, g.Input, inner); sb.Append(')'); break;
            case Service s:
                sb.Append(s.Silent ? "(service silent " : "(service ");
                WriteTerm(sb, s.Endpoint);
                Child(sb, s.Input, inner);
                sb.Append(')');
                break;
            case Extend e:
                sb.Append("(extend ((");
                sb.Append('?').Append(e.Variable.Name).Append(' ');
                WriteExpr(sb, e.Expression);
                sb.Append("))");
                Child(sb, e.Input, inner);
                sb.Append(')');
                break;
            case Table t:
                if (t.IsUnit) { sb.Append("(table unit)"); break; }
                if (t.Rows.Count == 0 && t.Variables.Count == 0) { sb.Append("(table empty)"); break; }
                sb.Append("(table (vars");
                foreach (var v in t.Variables) sb.Append(" ?").Append(v.Name);
                sb.Append(')');
                foreach (var row in t.Rows)
                {
                    NewLine(sb, inner);
                    sb.Append("(row");
                    for (int k = 0; k < row.Length; k++)
                    {
                        if (row[k] is null) continue;
                        sb.Append(" [?").Append(t.Variables[k].Name).Append(' ');
                        WriteTerm(sb, row[k]!);
                        sb.Append(']');
                    }
                    sb.Append(')');
                }
                sb.Append(')');
                break;
            case Group gr:
                sb.Append("(group (");
                for (int k = 0; k < gr.Keys.Count; k++)
                {
                    if (k > 0) sb.Append(' ');
                    var key = gr.Keys[k];
                    if (key.Expression is VarExpr ve && (key.Variable is null || key.Variable == ve.Variable)) sb.Append('?').Append(ve.Variable.Name);
                    else if (key.Variable is null) WriteExpr(sb, key.Expression);
                    else { sb.Append("(?").Append(key.Variable.Name).Append(' '); WriteExpr(sb, key.Expression); sb.Append(')'); }
                }
                sb.Append(") (");
                for (int k = 0; k < gr.Aggregates.Count; k++)
                {
                    if (k > 0) sb.Append(' ');
                    sb.Append("(?").Append(gr.Aggregates[k].Variable.Name).Append(' ');
                    WriteExpr(sb, gr.Aggregates[k].Aggregate);
                    sb.Append(')');
                }
                sb.Append(')');
                Child(sb, gr.Input, inner);
                sb.Append(')');
                break;
            case OrderBy ob:
                sb.Append("(order (");
                for (int k = 0; k < ob.Conditions.Count; k++)
                {
                    if (k > 0) sb.Append(' ');
                    var c = ob.Conditions[k];
                    if (c.Descending) { sb.Append("(desc "); WriteExpr(sb, c.Expression); sb.Append(')'); }
                    else WriteExpr(sb, c.Expression);
                }
                sb.Append(')');
                Child(sb, ob.Input, inner);
                sb.Append(')');
                break;
            case Project pr:
                sb.Append("(project (");
                for (int k = 0; k < pr.Variables.Count; k++) { if (k > 0) sb.Append(' '); sb.Append('?').Append(pr.Variables[k].Name); }
                sb.Append(')');
                Child(sb, pr.Input, inner);
                sb.Append(')');
                break;
            case Distinct d: sb.Append("(distinct"); Child(sb, d.Input, inner); sb.Append(')'); break;
            case Reduced r: sb.Append("(reduced"); Child(sb, r.Input, inner); sb.Append(')'); break;
            case Slice sl:
                sb.Append("(slice ").Append(sl.Offset?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "_")
                  .Append(' ').Append(sl.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "_");
                Child(sb, sl.Input, inner);
                sb.Append(')');
                break;
            default:
                sb.Append('(').Append(op.GetType().Name).Append(')');
                break;
        }
    }

    private static void WriteTerm(StringBuilder sb, PatternTerm t)
    {
        if (t is Var v) sb.Append('?').Append(v.Name);
        else WriteTerm(sb, ((TermNode)t).Term);
    }

    private static void WriteTerm(StringBuilder sb, Term t)
    {
        if (t is Literal l && l.Language is null)
        {
            string dt = l.Datatype.Value;
            // Numbers and booleans in their short SPARQL form, as SSE does.
            if (dt == Vocab.Xsd.Integer.Value || dt == Vocab.Xsd.Decimal.Value || dt == Vocab.Xsd.Double.Value || dt == Vocab.Xsd.Boolean.Value)
            {
                if (IsShortForm(l.Lexical, dt)) { sb.Append(l.Lexical); return; }
            }
        }
        sb.Append(t.ToString());
    }

    private static bool IsShortForm(string lex, string dt)
    {
        if (dt == Vocab.Xsd.Boolean.Value) return lex is "true" or "false";
        if (lex.Length == 0) return false;
        bool dot = false, exp = false, digit = false;
        for (int i = 0; i < lex.Length; i++)
        {
            char c = lex[i];
            if (char.IsAsciiDigit(c)) digit = true;
            else if (c is '+' or '-' && (i == 0 || lex[i - 1] is 'e' or 'E')) { }
            else if (c == '.' && !dot && !exp) dot = true;
            else if (c is 'e' or 'E' && !exp && digit) exp = true;
            else return false;
        }
        if (!digit) return false;
        if (dt == Vocab.Xsd.Integer.Value) return !dot && !exp;
        if (dt == Vocab.Xsd.Decimal.Value) return dot && !exp;
        return exp;
    }

    private static readonly string[] s_binary = ["||", "&&", "=", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/"];

    private static void WriteExpr(StringBuilder sb, Expression e)
    {
        switch (e)
        {
            case VarExpr v: sb.Append('?').Append(v.Variable.Name); break;
            case ConstantExpr c: WriteTerm(sb, c.Term); break;
            case BinaryExpr b:
                sb.Append('(').Append(s_binary[(int)b.Op]).Append(' ');
                WriteExpr(sb, b.Left); sb.Append(' ');
                WriteExpr(sb, b.Right); sb.Append(')');
                break;
            case UnaryExpr u:
                sb.Append(u.Op switch { UnaryOp.Not => "(! ", UnaryOp.Plus => "(+ ", _ => "(- " });
                WriteExpr(sb, u.Operand);
                sb.Append(')');
                break;
            case InExpr i:
                sb.Append(i.Negated ? "(notin " : "(in ");
                WriteExpr(sb, i.Operand);
                foreach (var x in i.List) { sb.Append(' '); WriteExpr(sb, x); }
                sb.Append(')');
                break;
            case BuiltInCall c:
                sb.Append('(').Append(c.Name.ToLowerInvariant());
                foreach (var x in c.Args) { sb.Append(' '); WriteExpr(sb, x); }
                sb.Append(')');
                break;
            case FunctionCall f:
                sb.Append("(call ").Append('<').Append(f.Function.Value).Append('>');
                if (f.Distinct) sb.Append(" distinct");
                foreach (var x in f.Args) { sb.Append(' '); WriteExpr(sb, x); }
                sb.Append(')');
                break;
            case ExistsExpr x:
                sb.Append(x.Negated ? "(notexists " : "(exists ");
                if (x.Algebra is not null) sb.Append(Write(x.Algebra).Replace("\n", " ", StringComparison.Ordinal));
                else sb.Append("{...}");
                sb.Append(')');
                break;
            case AggregateExpr a:
                sb.Append('(').Append(a.Kind == AggregateKind.GroupConcat ? "group_concat" : a.Kind.ToString().ToLowerInvariant());
                if (a.Distinct) sb.Append(" distinct");
                if (a.Separator is not null) sb.Append(" separator ").Append(new Literal(a.Separator).ToString());
                if (a.Argument is not null) { sb.Append(' '); WriteExpr(sb, a.Argument); }
                sb.Append(')');
                break;
        }
    }

    private static void WritePath(StringBuilder sb, PropertyPath p)
    {
        switch (p)
        {
            case PathLink l: sb.Append('<').Append(l.Iri.Value).Append('>'); break;
            case PathInverse i: sb.Append("(reverse "); WritePath(sb, i.Path); sb.Append(')'); break;
            case PathSequence s: sb.Append("(seq "); WritePath(sb, s.Left); sb.Append(' '); WritePath(sb, s.Right); sb.Append(')'); break;
            case PathAlternative a: sb.Append("(alt "); WritePath(sb, a.Left); sb.Append(' '); WritePath(sb, a.Right); sb.Append(')'); break;
            case PathZeroOrMore z: sb.Append("(path* "); WritePath(sb, z.Path); sb.Append(')'); break;
            case PathOneOrMore o: sb.Append("(path+ "); WritePath(sb, o.Path); sb.Append(')'); break;
            case PathZeroOrOne q: sb.Append("(path? "); WritePath(sb, q.Path); sb.Append(')'); break;
            case PathNegatedSet n:
                sb.Append("(notoneof");
                foreach (var f in n.Forward) sb.Append(" <").Append(f.Value).Append('>');
                foreach (var r in n.Inverse) sb.Append(" (reverse <").Append(r.Value).Append(">)");
                sb.Append(')');
                break;
        }
    }
}
