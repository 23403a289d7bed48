using Microsoft.AspNetCore.Http;
using PhdResolver.Rdf;
using PhdResolver.Registry.Resolution;
using PhdResolver.Web.Infrastructure;
using RazorSlices;

namespace PhdResolver.Web.Records;

/// <summary>
/// Acquisition settings records (issue 15 item 5) over HTTP: the landing page of one (<c>/phd:ACC</c>, content-negotiated
/// like every record: HTML, the RDF syntaxes, citations, linksets; 410 with the tombstone when withdrawn) and the
/// "Acquisition settings" section of its configuration's page. Renders the registry's read model only.
/// </summary>
internal static class SettingsPages
{
    private static readonly IReadOnlyList<MediaFormat> Offer = [.. WebFormats.Record, .. WebFormats.Citations];

    public static IResult Serve(HttpContext ctx, RegistryHost host, ResolutionResult r, WebOptions o)
    {
        var view = RecordView.Of(host, r, o.Origin);
        var st = view.Record.Settings!;
        LandingPageCachePolicy.AddTag(ctx, LandingPageCachePolicy.TagFor(st.Pid.ToString()));
        var mt = Conneg.Choose(ctx.Request, Offer)?.MediaType;
        if (mt is null) return Conneg.NotAcceptable(Offer);
        var links = Signposting.Links(view);
        if (view.VersionPath(view.Version!) is { } vp) links.Add(new("collection", view.Origin + vp, "text/html"));
        if (mt == Conneg.Html)
            return Slices.Send(Page(view, host, links), view.LastModified, status: view.IsGone ? 410 : 200, headers: RecordEndpoints.LinkHeaders(view, links));
        return RecordEndpoints.SendData(mt, view, links, () => Rdf(host, view));
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

    private static RazorSlice Page(RecordView v, RegistryHost host, IReadOnlyList<RecordLink> links)
    {
        var st = v.Record.Settings!;
        var ver = v.Version!;
        string versionPath = v.VersionPath(ver) ?? "/" + ver.Pid;
        return Pages.Settings.Create(new SettingsPage
        {
            View = v,
            Links = links,
            JsonLd = RdfOutput.WriteRecordJsonLd(Rdf(host, v, includeGraph: false).Select(q => q.WithGraph(null))),
            Methods = v.Tombstone is null && ver.Tombstone is null ? host.Registry.MethodsParagraphOf(st, v.Origin + versionPath) : null,
            Statements = v.Tombstone is null ? st.QuadCount : null, // counted at registration (immutable): no read of the graph per page
            Formats = Offer.Skip(1).ToArray(),
        });
    }
}

/// <summary>The model of <c>Pages/Settings.cshtml</c> (public for the generated slice; its contents stay internal).</summary>
public sealed class SettingsPage
{
    internal RecordView View { get; init; } = null!;
    internal IReadOnlyList<RecordLink> Links { get; init; } = [];
    /// <summary>The record's JSON-LD (escaped for its script data block by the page).</summary>
    internal string JsonLd { get; init; } = "";
    internal string? Methods { get; init; }
    internal long? Statements { get; init; }
    internal IReadOnlyList<MediaFormat> Formats { get; init; } = [];
}
