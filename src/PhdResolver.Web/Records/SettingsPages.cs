using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using PhdResolver.Rdf;
using PhdResolver.Registry.Resolution;
using PhdResolver.Web.Infrastructure;

namespace PhdResolver.Web.Records;

/// <summary>
/// Acquisition settings records (issue 15 item 5) over HTTP: the landing page of one (<c>/phd:ACC</c>, content-negotiated
/// like every record: HTML, the RDF syntaxes, citations, linksets; 410 with the tombstone when withdrawn) and the
/// "Acquisition settings" section of its configuration's page. Renders the registry's read model only.
/// </summary>
internal static class SettingsPages
{
    private static readonly string[] Types = [.. Conneg.RecordTypes, Conneg.BibTex, Conneg.Ris, Conneg.CslJson, Conneg.Linkset, Conneg.LinksetJson];

    public static IResult Serve(HttpContext ctx, RegistryHost host, ResolutionResult r, WebOptions o)
    {
        var view = RecordView.Of(host, r, o.Origin);
        var st = view.Record.Settings!;
        LandingPageCachePolicy.AddTag(ctx, LandingPageCachePolicy.TagFor(st.Pid.ToString()));
        var mt = Conneg.Choose(ctx.Request, Types);
        if (mt is null) return Conneg.NotAcceptable(Types);
        var links = Signposting.Links(view);
        if (view.VersionPath(view.Version!) is { } vp) links.Add(new("collection", view.Origin + vp, "text/html"));
        string body = mt switch
        {
            Conneg.Html => Render(view, host, links),
            Conneg.BibTex => Citation.BibTex(view),
            Conneg.Ris => Citation.Ris(view),
            Conneg.CslJson => Citation.CslJson(view),
            Conneg.Linkset => Signposting.LinksetText(view, links),
            Conneg.LinksetJson => Signposting.LinksetJson(view, links),
            Conneg.JsonLd => RdfOutput.WriteRecordJsonLd(Rdf(host, view)),
            _ => RdfOutput.Write(Rdf(host, view), mt),
        };
        string contentType = mt == Conneg.Html ? "text/html; charset=utf-8" : Conneg.ContentType(mt);
        return Representation.Send(Encoding.UTF8.GetBytes(body), contentType, view.LastModified, status: view.IsGone ? 410 : 200,
            headers: res =>
            {
                res.Headers.Append("Link", Signposting.Header(links));
                res.Headers.Append("Link", "<" + view.Canonical + ">; rel=\"canonical\"");
            });
    }

    /// <summary>
    /// The record's RDF: its description in the union graph (record graph and links, like every record), plus, while it
    /// is not withdrawn, its settings graph as the named graph <c>{base}phd:ACC</c> (merged into the default graph by
    /// triple syntaxes).
    /// </summary>
    private static List<Quad> Rdf(RegistryHost host, RecordView view, bool includeGraph = true)
    {
        var st = view.Record.Settings!;
        var self = new Iri(st.GraphIri);
        var q = new List<Quad>();
        foreach (var t in host.Registry.DescribeWithLinks(self)) q.Add(new Quad(t.Subject, t.Predicate, t.Object));
        if (includeGraph && view.Tombstone is null)
            foreach (var x in host.Registry.GetGraph(st)) q.Add(x.WithGraph(self));
        return q;
    }

    private static string Render(RecordView v, RegistryHost host, IReadOnlyList<RecordLink> links)
    {
        var st = v.Record.Settings!;
        var ver = v.Version!;
        string versionPath = v.VersionPath(ver) ?? "/" + ver.Pid;
        return Html.Page(v.Title, sb =>
        {
            sb.Append("<nav class=\"breadcrumb\" aria-label=\"breadcrumb\">");
            if (v.Facility is { } f) sb.Append(A("/" + f.Pid, f.Name)).Append(" › ");
            if (v.Instance is { } i) sb.Append(A(Paths.Of(i), i.Name)).Append(" › ");
            sb.Append(A(versionPath, "c" + ver.Number.ToString(CultureInfo.InvariantCulture))).Append(" › <span>").Append(Html.E(st.Name)).Append("</span></nav>\n");
            sb.Append("<h1>").Append(Html.E(v.Title)).Append("</h1>\n");
            sb.Append("<p class=\"pid\"><span class=\"badge\">acquisition settings</span> <code>").Append(Html.E(st.Pid.ToString())).Append("</code></p>\n");
            if (v.Tombstone is { } t)
                sb.Append("<div class=\"tombstone\"><strong>Withdrawn</strong> on ").Append(Html.E(t.WithdrawnAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))
                  .Append(": ").Append(Html.E(t.Reason)).Append(". The identifier stays citable; the metadata below is kept for that purpose.</div>\n");
            sb.Append("<p class=\"citeas\"><strong>Cite as:</strong> ").Append(Html.E(Citation.Line(v))).Append("</p>\n");
            sb.Append("<dl class=\"facts\">\n");
            FactHtml(sb, "Configuration", A(versionPath, $"{v.Instance?.Name ?? ver.Instance.ToString()}, configuration c{ver.Number.ToString(CultureInfo.InvariantCulture)}")
                + " <span class=\"muted\">" + Html.E(ver.Pid.ToString()) + (ver.Tombstone is null ? "" : " · withdrawn") + "</span>");
            if (st.Summary is { } summary) Fact(sb, "Settings", summary);
            Fact(sb, "Submitted as", st.Format == "mma" ? "Micro-Meta App file" : st.Format);
            Fact(sb, "Registered", st.Provenance.Created.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            FactHtml(sb, "History", A("/history/" + st.Pid, "every change to this record"));
            sb.Append("</dl>\n");
            if (v.Tombstone is null && ver.Tombstone is null)
                sb.Append("<h2>Methods</h2>\n<p class=\"methods\">").Append(Html.E(host.Registry.MethodsParagraphOf(st, v.Origin + versionPath))).Append("</p>\n");
            if (v.Tombstone is null)
            {
                var graph = host.Registry.GetGraph(st);
                sb.Append("<h2>Statements</h2>\n<p>").Append(graph.Count.ToString(CultureInfo.InvariantCulture))
                  .Append(" statements, as submitted; references to hardware name the configuration's components. Download them below.</p>\n");
            }
            sb.Append("<h2>Other formats</h2>\n<ul class=\"formats\">\n");
            foreach (var mt in Types.Skip(1))
                sb.Append("<li>").Append(A("/" + st.Pid + "?format=" + Conneg.ShortNameOf(mt), mt)).Append("</li>\n");
            sb.Append("</ul>\n");
        }, head =>
        {
            head.Append("<link rel=\"canonical\" href=\"").Append(Html.E(v.Canonical)).Append("\">\n");
            foreach (var l in links.Where(l => l.Rel is "describedby" or "cite-as" or "license" or "collection"))
            {
                head.Append("<link rel=\"").Append(Html.E(l.Rel)).Append("\" href=\"").Append(Html.E(l.Href)).Append('"');
                if (l.Type is not null) head.Append(" type=\"").Append(Html.E(l.Type)).Append('"');
                head.Append(">\n");
            }
            JsonLdScript.Append(head, RdfOutput.WriteRecordJsonLd(Rdf(host, v, includeGraph: false).Select(q => q.WithGraph(null))));
        }, v.Summary);
    }

    private static string A(string href, string text) => "<a href=\"" + Html.E(href) + "\">" + Html.E(text) + "</a>";

    private static void Fact(StringBuilder sb, string name, string text) =>
        sb.Append("<dt>").Append(Html.E(name)).Append("</dt><dd>").Append(Html.E(text)).Append("</dd>\n");

    private static void FactHtml(StringBuilder sb, string name, string html) =>
        sb.Append("<dt>").Append(Html.E(name)).Append("</dt><dd>").Append(html).Append("</dd>\n");
}
