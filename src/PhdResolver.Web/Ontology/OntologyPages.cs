using System.Text;
using PhdResolver.Rdf;
using PhdResolver.Web.Infrastructure;

namespace PhdResolver.Web.Ontology;

/// <summary>HTML for /ontology (the term index) and /ontology/{term}.</summary>
internal static class OntologyPages
{
    private static readonly Iri InScheme = new("http://www.w3.org/2004/02/skos/core#inScheme");

    public static string Index(OntologyCatalog cat, string? filter)
    {
        var terms = cat.Terms.Where(t => string.IsNullOrWhiteSpace(filter)
            || t.LocalName.Contains(filter, StringComparison.OrdinalIgnoreCase)
            || t.Label.Contains(filter, StringComparison.OrdinalIgnoreCase)).ToList();
        return Html.Page("NBO-Q ontology", sb =>
        {
            sb.Append("<h1>").Append(Html.E(cat.Title)).Append("</h1>\n");
            sb.Append("<p>Namespace <code>").Append(Html.E(OntologyCatalog.Namespace)).Append("</code>, version ").Append(Html.E(cat.Version));
            if (cat.SourceModelVersion.Length > 0) sb.Append(", generated from ").Append(Html.E(cat.SourceModelVersion));
            sb.Append(". Every term IRI dereferences to its page here and to RDF by content negotiation.</p>\n");
            Formats(sb, "/ontology");
            sb.Append("<form class=\"filter\" method=\"get\" action=\"/ontology\"><label>Filter terms <input type=\"search\" name=\"q\" value=\"")
              .Append(Html.E(filter)).Append("\"></label> <button>Filter</button></form>\n");
            sb.Append("<p>").Append(terms.Count).Append(" of ").Append(cat.Count).Append(" terms.</p>\n");
            // ~1,700 terms: each kind is a collapsible list (<details>, no script), each term one link
            // with its label as the title, so the page stays small (README: under 50 KB compressed).
            bool open = !string.IsNullOrWhiteSpace(filter);
            foreach (var group in terms.GroupBy(t => t.Kind).OrderBy(g => KindOrder(g.Key)))
            {
                sb.Append("<details").Append(open ? " open" : "").Append("><summary>").Append(Html.E(group.Key)).Append(" (").Append(group.Count())
                  .Append(")</summary>\n<ul class=\"terms\">");
                foreach (var t in group)
                {
                    sb.Append("<li><a href=\"/ontology/").Append(Html.E(Uri.EscapeDataString(t.LocalName))).Append('"');
                    if (t.Label != t.LocalName || t.Tier is not null)
                    {
                        sb.Append(" title=\"").Append(Html.E(t.Label));
                        if (t.Tier is int tier) sb.Append(" (tier ").Append(tier).Append(')');
                        sb.Append('"');
                    }
                    sb.Append('>').Append(Html.E(t.LocalName)).Append("</a>");
                }
                sb.Append("</ul></details>\n");
            }
        }, description: "The NBO-Q ontology of light microscope hardware: " + cat.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)
            + " classes, properties and concepts, each with its own page and RDF (Turtle, JSON-LD).");
    }

    private static int KindOrder(string kind) => kind switch
    {
        "Class" => 0, "Object property" => 1, "Datatype property" => 2, "Annotation property" => 3, "Concept scheme" => 4, "Concept" => 5, _ => 6,
    };

    public static string Term(OntologyCatalog cat, OntologyTerm t)
    {
        string self = "/ontology/" + Uri.EscapeDataString(t.LocalName);
        return Html.Page(t.Label, sb =>
        {
            sb.Append("<nav class=\"breadcrumb\"><a href=\"/ontology\">NBO-Q</a> › ").Append(Html.E(t.Kind)).Append("</nav>\n");
            sb.Append("<h1>").Append(Html.E(t.Label)).Append("</h1>\n");
            sb.Append("<p class=\"iri\"><code>").Append(Html.E(t.Iri.Value)).Append("</code></p>\n");
            if (t.Definition is not null) sb.Append("<p class=\"definition\">").Append(Html.E(t.Definition)).Append("</p>\n");
            sb.Append("<dl class=\"facts\">\n");
            Fact(sb, "Kind", Html.E(t.Kind));
            if (t.Tier is int tier) Fact(sb, "Tier", tier.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (t.Extension is not null) Fact(sb, "Extension", Html.E(t.Extension));
            if (t.SuperClasses.Count > 0) Fact(sb, "Superclasses", Links(cat, t.SuperClasses));
            if (t.SubClasses.Count > 0) Fact(sb, "Subclasses", Links(cat, t.SubClasses));
            if (t.Domains.Count > 0) Fact(sb, "Domain", Links(cat, t.Domains));
            if (t.Ranges.Count > 0) Fact(sb, "Range", Links(cat, t.Ranges));
            if (t.Kind == "Class")
            {
                var props = cat.Terms.Where(p => p.Domains.Contains(t.Iri)).Select(p => p.Iri).ToList();
                if (props.Count > 0) Fact(sb, "Properties", Links(cat, props));
            }
            if (t.Kind == "Concept scheme")
            {
                var members = cat.All.Where(q => q.Predicate == InScheme && q.Object == t.Iri).Select(q => q.Subject).OfType<Iri>().ToList();
                if (members.Count > 0) Fact(sb, "Concepts", Links(cat, members));
            }
            sb.Append("</dl>\n");
            sb.Append("<h2>All statements</h2>\n<table class=\"statements\"><thead><tr><th>property</th><th>value</th></tr></thead><tbody>\n");
            foreach (var q in t.Description)
            {
                sb.Append("<tr><td>").Append(q.Predicate is Iri p ? Link(cat, p) : Html.E(q.Predicate.ToString()))
                  .Append("</td><td>").Append(Value(cat, q.Object)).Append("</td></tr>\n");
            }
            sb.Append("</tbody></table>\n");
            Formats(sb, self);
        }, head => Alternates(head, self),
            $"{t.Label} ({t.Kind.ToLowerInvariant()} of the NBO-Q ontology of light microscope hardware){(t.Definition is null ? "." : ": " + t.Definition)}");
    }

    private static void Fact(StringBuilder sb, string name, string html) =>
        sb.Append("<dt>").Append(Html.E(name)).Append("</dt><dd>").Append(html).Append("</dd>\n");

    private static string Links(OntologyCatalog cat, IEnumerable<Iri> iris) => string.Join(", ", iris.Select(i => Link(cat, i)));

    internal static string Link(OntologyCatalog cat, Iri iri)
    {
        if (cat.LocalNameOf(iri) is { } local)
            return "<a href=\"/ontology/" + Html.E(Uri.EscapeDataString(local)) + "\" title=\"" + Html.E(iri.Value) + "\">" + Html.E(cat.LabelOf(iri)) + "</a>";
        // External IRIs are links only when they are http(s): no javascript: or data: URLs in an href.
        return iri.Value.StartsWith("http://", StringComparison.Ordinal) || iri.Value.StartsWith("https://", StringComparison.Ordinal)
            ? "<a href=\"" + Html.E(iri.Value) + "\">" + Html.E(OntologyCatalog.Compact(iri)) + "</a>"
            : "<code>" + Html.E(iri.Value) + "</code>";
    }

    private static string Value(OntologyCatalog cat, Term o) => o switch
    {
        Iri i => Link(cat, i),
        Literal l => Html.E(l.Lexical) + (l.Language is { } lang ? " <span class=\"muted\">@" + Html.E(lang) + "</span>" : ""),
        _ => "<code>" + Html.E(o.ToString()) + "</code>",
    };

    /// <summary>Links to every representation of a resource.</summary>
    internal static void Formats(StringBuilder sb, string path)
    {
        sb.Append("<p class=\"formats\">Also as: ");
        bool first = true;
        foreach (var mt in Conneg.RecordTypes.Skip(1))
        {
            if (!first) sb.Append(" · ");
            first = false;
            sb.Append("<a rel=\"alternate\" type=\"").Append(Html.E(mt)).Append("\" href=\"").Append(Html.E(path)).Append("?format=")
              .Append(Conneg.ShortNameOf(mt)).Append("\">").Append(Html.E(FormatLabel(mt))).Append("</a>");
        }
        sb.Append("</p>\n");
    }

    internal static void Alternates(StringBuilder head, string path)
    {
        foreach (var mt in Conneg.RecordTypes.Skip(1))
            head.Append("<link rel=\"alternate\" type=\"").Append(Html.E(mt)).Append("\" href=\"").Append(Html.E(path)).Append("?format=")
                .Append(Conneg.ShortNameOf(mt)).Append("\">\n");
    }

    internal static string FormatLabel(string mt) => mt switch
    {
        Conneg.JsonLd => "JSON-LD", Conneg.Turtle => "Turtle", Conneg.NTriples => "N-Triples", Conneg.NQuads => "N-Quads",
        Conneg.TriG => "TriG", Conneg.RdfXml => "RDF/XML", Conneg.BibTex => "BibTeX", Conneg.Ris => "RIS", Conneg.CslJson => "CSL-JSON",
        Conneg.DataCite => "DataCite XML", _ => mt,
    };
}
