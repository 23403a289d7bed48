using System.Text;
using System.Text.RegularExpressions;
using PhdResolver.Rdf;

namespace PhdResolver.Shacl.Sparql;

/// <summary>
/// Turns SELECT solutions into validation results (§5.3.2): focus node from ?this, path from ?path (an
/// IRI) else the shape's path, value from ?value else the value node, message from ?message else
/// the message templates with {?var} / {$var} filled in. A solution with ?failure = true is a failure.
/// </summary>
internal static partial class SolutionMapping
{
    public static void Report(
        ValidationContext ctx, IConstraint constraint, Shape shape, Term focus,
        IReadOnlyList<string> vars, List<Term?[]> rows, Iri component, Term? sourceConstraint,
        IReadOnlyList<Term> messageTemplates, IReadOnlyList<(string Name, Term Value)> parameters)
    {
        int iThis = Index(vars, "this"), iPath = Index(vars, "path"), iValue = Index(vars, "value");
        int iMessage = Index(vars, "message"), iFailure = Index(vars, "failure");
        foreach (var row in rows)
        {
            if (iFailure >= 0 && row[iFailure] is Literal { Lexical: "true" or "1" } f && f.Datatype.Equals(Vocab.Xsd.Boolean))
                throw new ShaclException($"a SHACL-SPARQL query of {sourceConstraint ?? component} reported a failure for {focus}");
            var focusNode = (iThis >= 0 ? row[iThis] : null) ?? focus;
            ShaclPath? path = iPath >= 0 && row[iPath] is Iri p ? new PredicatePath(p) : shape.Path;
            var value = (iValue >= 0 ? row[iValue] : null) ?? (shape.IsPropertyShape ? null : focusNode);
            IReadOnlyList<Term>? messages = iMessage >= 0 && row[iMessage] is Literal m ? [m]
                : messageTemplates.Count > 0 ? Fill(messageTemplates, vars, row, parameters) : null;
            ctx.Report(new ValidationResult(focusNode, path, value, shape, component, shape.Severity, constraint)
            {
                SourceConstraint = sourceConstraint,
                ConstraintMessages = messages,
            });
            if (ctx.InCheck) return;
        }
    }

    private static int Index(IReadOnlyList<string> vars, string name)
    {
        for (int i = 0; i < vars.Count; i++) if (vars[i] == name) return i;
        return -1;
    }

    /// <summary>Message templates with {?name} / {$name} replaced by the solution's or the parameters' values.</summary>
    public static List<Term> Fill(IReadOnlyList<Term> templates, IReadOnlyList<string>? vars, Term?[]? row, IReadOnlyList<(string Name, Term Value)> parameters)
    {
        var list = new List<Term>(templates.Count);
        foreach (var t in templates)
        {
            if (t is not Literal l) continue;
            string text = Placeholder().Replace(l.Lexical, m =>
            {
                string name = m.Groups[1].Value;
                if (vars is not null && row is not null && Index(vars, name) is int i and >= 0 && row[i] is { } v) return Text(v);
                foreach (var (pn, pv) in parameters) if (pn == name) return Text(pv);
                return m.Value;
            });
            list.Add(l.Language is { } lang ? new Literal(text, lang) : new Literal(text));
        }
        return list;
    }

    private static string Text(Term t) => t switch
    {
        Literal l => l.Lexical,
        Iri i => i.Value,
        BlankNode b => "_:" + b.Id,
        _ => t.ToString(),
    };

    [GeneratedRegex(@"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Placeholder();
}
