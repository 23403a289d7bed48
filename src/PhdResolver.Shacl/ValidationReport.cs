using System.Text;
using PhdResolver.Rdf;

namespace PhdResolver.Shacl;

/// <summary>The outcome of a validation: <see cref="Conforms"/> and the results, as RDF or as plain text.</summary>
public sealed class ValidationReport(IReadOnlyList<ValidationResult> results)
{
    public IReadOnlyList<ValidationResult> Results { get; } = results;

    /// <summary>True when there are no results at all (of any severity), as sh:conforms defines it.</summary>
    public bool Conforms => Results.Count == 0;

    /// <summary>The report as RDF triples (sh:ValidationReport with one sh:ValidationResult per result).</summary>
    public List<Triple> ToTriples(bool includeMessages = true)
    {
        var t = new List<Triple>();
        var report = BlankNode.Fresh();
        t.Add(new Triple(report, Vocab.Rdf.Type, Sh.ValidationReport));
        t.Add(new Triple(report, Sh.Conforms, new Literal(Conforms ? "true" : "false", Vocab.Xsd.Boolean)));
        foreach (var r in Results)
        {
            var node = BlankNode.Fresh();
            t.Add(new Triple(report, Sh.Result, node));
            t.Add(new Triple(node, Vocab.Rdf.Type, Sh.ValidationResult));
            t.Add(new Triple(node, Sh.FocusNode, r.FocusNode));
            if (r.ResultPath is { } path) t.Add(new Triple(node, Sh.ResultPath, path.ToRdf(t)));
            if (r.Value is { } value) t.Add(new Triple(node, Sh.Value, value));
            t.Add(new Triple(node, Sh.SourceShape, r.SourceShape.Node));
            t.Add(new Triple(node, Sh.SourceConstraintComponent, r.SourceConstraintComponent));
            if (r.SourceConstraint is { } sc) t.Add(new Triple(node, Sh.SourceConstraint, sc));
            t.Add(new Triple(node, Sh.ResultSeverity, r.Severity));
            if (includeMessages)
                foreach (var m in r.Messages) t.Add(new Triple(node, Sh.ResultMessage, m));
        }
        return t;
    }

    /// <summary>The report as a dataset (default graph), e.g. for writing it out as Turtle.</summary>
    public Dataset ToDataset(bool includeMessages = true) =>
        new(ToTriples(includeMessages).Select(t => t.InGraph(null)));

    /// <summary>
    /// A plain-words summary grouped by focus node, for people who fix the data rather than read RDF:
    /// <c>Objective &lt;…/objective/1&gt;: missing lensNA</c>. <paramref name="data"/> supplies the
    /// focus nodes' types, used to say what kind of thing each one is.
    /// </summary>
    public string ToText(ShaclGraph? data = null)
    {
        var sb = new StringBuilder();
        if (Conforms)
        {
            sb.AppendLine("Conforms: no problems found.");
            return sb.ToString();
        }
        int violations = Results.Count(r => r.Severity.Equals(Sh.Violation));
        int others = Results.Count - violations;
        sb.Append("Does not conform: ").Append(violations).Append(violations == 1 ? " violation" : " violations");
        if (others > 0) sb.Append(", ").Append(others).Append(others == 1 ? " warning or note" : " warnings or notes");
        sb.AppendLine(".");
        foreach (var group in Results.GroupBy(r => r.FocusNode))
        {
            sb.AppendLine();
            sb.Append(FocusLabel(group.Key, data)).AppendLine(":");
            foreach (var r in group)
            {
                sb.Append("  - ");
                if (!r.Severity.Equals(Sh.Violation)) sb.Append(ShaclPath.LocalName(r.Severity).ToLowerInvariant()).Append(": ");
                sb.AppendLine(string.Join(" / ", r.Messages.Select(m => m is Literal l ? l.Lexical : m.ToString())));
            }
        }
        return sb.ToString();
    }

    private static string FocusLabel(Term focus, ShaclGraph? data)
    {
        string node = focus switch
        {
            Iri i => $"<{i.Value}>",
            Literal l => $"\"{l.Lexical}\"",
            _ => "a blank node",
        };
        if (data is not null && data.Object(focus, Vocab.Rdf.Type) is Iri type) return $"{ShaclPath.LocalName(type)} {node}";
        return char.ToUpperInvariant(node[0]) + node[1..];
    }
}
