using System.Text;
using System.Text.Json;
using PhdResolver.Rdf;

namespace PhdResolver.Nboq.Validation;

/// <summary>Renders a <see cref="TierReport"/> for a facility manager (text) or for programs (JSON).</summary>
public static class TierReportWriter
{
    /// <summary>
    /// One line per described thing, e.g. <c>Objective 'UPlanSApo 60x' (…/component/42): missing Lens NA
    /// (required for tier 1); missing Working distance (recommended for tier 2)</c>, then a summary line.
    /// </summary>
    public static string ToText(TierReport report)
    {
        var sb = new StringBuilder();
        foreach (var c in report.Components)
        {
            sb.Append(Heading(c)).Append(": ");
            sb.AppendJoin("; ", c.Findings.Select(Line));
            sb.AppendLine();
        }
        if (report.Components.Count > 0) sb.AppendLine();
        sb.AppendLine(Summary(report));
        return sb.ToString();
    }

    /// <summary>"conforms at tier 2 (MUST); 14 of 20 recommended fields present".</summary>
    public static string Summary(TierReport r)
    {
        var sb = new StringBuilder();
        string at = r.Tier is int t ? $" at tier {t} (MUST)" : "";
        if (r.Conforms) sb.Append("conforms").Append(at);
        else
        {
            sb.Append("does not conform").Append(at).Append(": ").Append(r.Violations)
              .Append(r.Violations == 1 ? " required field missing or invalid" : " required fields missing or invalid");
            if (r.HighestTierMet is int h) sb.Append(h > 0 ? $"; highest tier met: {h}" : "; no tier met");
        }
        sb.Append("; ").Append(r.RecommendedMet).Append(" of ").Append(r.RecommendedTotal).Append(" recommended fields present");
        return sb.ToString();
    }

    /// <summary>"Objective 'UPlanSApo 60x' (Objective.json, …/component/42)": the described thing, for people.</summary>
    public static string Heading(ComponentFindings c)
    {
        var sb = new StringBuilder(c.Type ?? "Node");
        if (c.Label is { } label) sb.Append(" '").Append(label).Append('\'');
        sb.Append(" (");
        if (c.Schema is { } schema) sb.Append(schema).Append(", ");
        sb.Append(ShortNode(c.Node)).Append(')');
        return sb.ToString();
    }

    /// <summary>"missing Lens NA (required for tier 1)": one finding in plain words.</summary>
    public static string Line(Finding f)
    {
        string need = (f.Required ? "required" : "recommended") + (f.Tier is int t ? $" for tier {t}" : "");
        return f.Missing ? $"missing {f.Field} ({need})" : $"invalid {f.Field}: {f.Detail} ({need})";
    }

    /// <summary>The last two segments of an IRI ("…/component/42"), so lines stay readable.</summary>
    public static string ShortNode(Term node)
    {
        if (node is not Iri iri) return node is BlankNode ? "a blank node" : node.ToString();
        var v = iri.Value;
        int cut = v.Length;
        for (int k = 0; k < 2; k++)
        {
            cut = v.LastIndexOf('/', cut - 1);
            if (cut <= 0) return v;
        }
        return v.IndexOf("//", StringComparison.Ordinal) + 2 >= cut ? v : "…" + v[cut..];
    }

    public static string ToJson(TierReport r)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            if (r.Tier is int t) w.WriteNumber("tier", t); else w.WriteNull("tier");
            w.WriteBoolean("conforms", r.Conforms);
            if (r.HighestTierMet is int h) w.WriteNumber("highestTierMet", h);
            w.WriteString("summary", Summary(r));
            w.WriteStartObject("counts");
            w.WriteNumber("violations", r.Violations);
            w.WriteNumber("warnings", r.Warnings);
            w.WriteNumber("recommendedTotal", r.RecommendedTotal);
            w.WriteNumber("recommendedPresent", r.RecommendedMet);
            w.WriteEndObject();
            w.WriteStartArray("components");
            foreach (var c in r.Components)
            {
                w.WriteStartObject();
                w.WriteString("node", c.Node is Iri i ? i.Value : c.Node.ToString());
                if (c.Type is { } type) w.WriteString("type", type);
                if (c.Label is { } label) w.WriteString("label", label);
                if (c.Schema is { } schema) w.WriteString("schema", schema);
                w.WriteStartArray("findings");
                foreach (var f in c.Findings)
                {
                    w.WriteStartObject();
                    w.WriteString("field", f.Field);
                    w.WriteString("problem", f.Missing ? "missing" : "invalid");
                    w.WriteString("level", f.Required ? "required" : "recommended");
                    if (f.Tier is int ft) w.WriteNumber("tier", ft);
                    w.WriteString("detail", f.Detail);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }
}
