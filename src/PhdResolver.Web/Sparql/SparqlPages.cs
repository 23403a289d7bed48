using System.Text;
using PhdResolver.Rdf;
using PhdResolver.Sparql.Results;
using PhdResolver.Web.Infrastructure;

namespace PhdResolver.Web.Sparql;

/// <summary>The HTML query page and HTML result tables (usable without JavaScript).</summary>
internal static class SparqlPages
{
    public static string QueryPage(string? query)
    {
        query ??= SparqlExamples.All[0].Query;
        return Html.Page("SPARQL", sb =>
        {
            sb.Append("<h1>SPARQL endpoint</h1>\n")
              .Append("<p>Read-only <a href=\"https://www.w3.org/TR/sparql11-protocol/\">SPARQL 1.1 Protocol</a> endpoint at <code>/sparql</code>: ")
              .Append("GET <code>?query=</code>, POST form <code>query=</code> or POST <code>application/sparql-query</code>. Results as JSON, XML, CSV, TSV; ")
              .Append("graphs as Turtle, JSON-LD, N-Triples, RDF/XML. Each configuration version's hardware is a named graph (named by its PHD), each record (facility, model, instrument, version) has its own record graph, and the ontology is the graph nboq:; the default graph is the union of all graphs; <code>?instrument nboq:currentConfiguration ?c</code> keeps to current configurations. ")
              .Append("The <a href=\"/sparql?format=ttl\">service description</a> lists the details. Terms are from <a href=\"/ontology\">NBO-Q</a>.</p>\n");
            sb.Append("<form class=\"sparql\" method=\"get\" action=\"/sparql\">\n<label for=\"query\">Query</label>\n")
              .Append("<textarea id=\"query\" name=\"query\" rows=\"18\" spellcheck=\"false\">").Append(Html.E(query)).Append("</textarea>\n")
              .Append("<label>Results as <select name=\"format\">")
              .Append("<option value=\"html\">HTML table</option><option value=\"json\">SPARQL JSON</option><option value=\"xml\">SPARQL XML</option>")
              .Append("<option value=\"csv\">CSV</option><option value=\"tsv\">TSV</option>")
              .Append("</select></label> <button type=\"submit\">Run query</button>\n</form>\n")
              .Append("<p class=\"muted\">CONSTRUCT/DESCRIBE results: choose HTML, or use <code>format=ttl</code>, <code>jsonld</code> or <code>nt</code>.</p>\n");
            sb.Append("<h2>Examples</h2>\n<ol class=\"examples\">\n");
            for (int i = 0; i < SparqlExamples.All.Count; i++)
            {
                var ex = SparqlExamples.All[i];
                sb.Append("<li><h3>").Append(Html.E(ex.Title)).Append("</h3><p>").Append(Html.E(ex.Description)).Append("</p>")
                  .Append("<pre>").Append(Html.E(ex.Query)).Append("</pre>")
                  .Append("<p><a class=\"run\" href=\"/sparql?format=html&amp;query=").Append(Html.Q(ex.Query)).Append("\">Run</a> · ")
                  .Append("<a href=\"/sparql?example=").Append(i + 1).Append("\">Load into the editor</a></p></li>\n");
            }
            sb.Append("</ol>\n");
        });
    }

    /// <summary>An HTML page with the result: a table for SELECT, yes/no for ASK, Turtle for graphs.
    /// <paramref name="warning"/> is asked after the last row (e.g. the result was cut at the row limit).</summary>
    public static void WriteResult(TextWriter w, QueryResult result, string query, Func<string?>? warning = null)
    {
        w.Write(Html.Page("SPARQL results", sb =>
        {
            sb.Append("<h1>Results</h1>\n<details><summary>Query</summary><pre>").Append(Html.E(query)).Append("</pre>")
              .Append("<p><a href=\"/sparql?query=").Append(Html.Q(query)).Append("&amp;format=html&amp;edit=1\">Edit</a></p></details>\n");
            switch (result)
            {
                case BooleanResult b:
                    sb.Append("<p class=\"ask\">").Append(b.Value ? "true" : "false").Append("</p>\n");
                    break;
                case BindingsResult r:
                    sb.Append("<table class=\"results\"><thead><tr>");
                    foreach (var v in r.Variables) sb.Append("<th>").Append(Html.E(v)).Append("</th>");
                    sb.Append("</tr></thead><tbody>\n");
                    int n = 0;
                    foreach (var row in r.Rows)
                    {
                        n++;
                        sb.Append("<tr>");
                        foreach (var t in row) sb.Append("<td>").Append(Cell(t)).Append("</td>");
                        sb.Append("</tr>\n");
                    }
                    sb.Append("</tbody></table>\n<p class=\"muted\">").Append(n).Append(n == 1 ? " row" : " rows").Append(".</p>\n");
                    if (warning?.Invoke() is { } text) sb.Append("<p class=\"warning\">").Append(Html.E(text)).Append("</p>\n");
                    break;
                case GraphResult g:
                    sb.Append("<pre class=\"turtle\">").Append(Html.E(RdfOutput.Write(g.Triples.Select(t => new Quad(t.Subject, t.Predicate, t.Object)), Conneg.Turtle))).Append("</pre>\n");
                    break;
            }
        }));
    }

    private static string Cell(Term? t) => t switch
    {
        null => "",
        Iri i when i.Value.StartsWith("http://", StringComparison.Ordinal) || i.Value.StartsWith("https://", StringComparison.Ordinal)
            => "<a href=\"" + Html.E(i.Value) + "\">" + Html.E(OntologyCatalog.Compact(i)) + "</a>",
        Iri i => "<code>" + Html.E(i.Value) + "</code>",
        Literal l => Html.E(l.Lexical) + (l.Language is { } lang ? "<span class=\"muted\">@" + Html.E(lang) + "</span>" : ""),
        _ => "<code>" + Html.E(t.ToString()) + "</code>",
    };
}
