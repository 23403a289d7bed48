using PhdResolver.Rdf;
using PhdResolver.Nboq.Validation;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PhdResolver.Registry.Harvest;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Resolution;
using PhdResolver.Web.Infrastructure;
using PhdResolver.Web.Ontology;

namespace PhdResolver.Web.Records;

/// <summary>
/// GET /{pid...} (every level, concatenated paths, lone PIDs) and /resolve?pid=. Thin: the
/// registry's Resolver decides found / redirect / gone / not found; this maps it to HTTP and
/// renders the negotiated representation.
/// </summary>
internal static class RecordEndpoints
{
    /// <summary>What a record is offered in: the page, the RDF syntaxes, citations and link sets; DataCite XML for the levels it describes.</summary>
    private static readonly IReadOnlyList<MediaFormat> Offer = [.. WebFormats.Record, .. WebFormats.Citations];
    private static readonly IReadOnlyList<MediaFormat> WithDataCite = [.. Offer, WebFormats.DataCite];

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/resolve", (HttpRequest req, RegistryHost host) =>
        {
            var pid = req.Query["pid"].ToString();
            if (string.IsNullOrWhiteSpace(pid)) return Problems.Result(400, "give the identifier as ?pid= (compact form such as doi:10.5072/x or a URL such as https://doi.org/10.5072/x)");
            var r = host.Registry.Resolver.Resolve(pid.Trim());
            return r.Status switch
            {
                ResolutionStatus.Redirect or ResolutionStatus.Found or ResolutionStatus.Gone => Redirect(r.Location!, r.Redirect == RedirectKind.Latest ? 302 : 301, ""),
                ResolutionStatus.Invalid => Problems.Result(400, r.Error),
                _ => Problems.Result(404, r.Error ?? "no record has this identifier"),
            };
        }).RequireCors(WebApp.CorsReads);

        app.MapGet("/{**path}", (HttpContext ctx, RegistryHost host, WebOptions o, OntologyCatalog cat) =>
        {
            var path = ctx.Request.Path.Value ?? "/";
            var r = host.Registry.Resolver.Resolve(path);
            switch (r.Status)
            {
                case ResolutionStatus.Redirect:
                    return Redirect(r.Location!, r.HttpStatus, ctx.Request.QueryString.Value ?? "");
                case ResolutionStatus.NotFound:
                case ResolutionStatus.Invalid:
                    // A path that is not a PID is simply not here; the reason helps people fix typos.
                    return Problems.Result(404, r.Error ?? "no record at this path");
            }
            if (r.Level == PidLevel.Settings) return SettingsPages.Serve(ctx, host, r, o);
            var view = RecordView.Of(host, r, o.Origin);
            if (ctx.Request.Query.TryGetValue("extensions", out var chosen) && view.Version is { } ver && !view.IsGone)
            {
                // The compliance section for the NBO extensions the reader ticked (as /api/validate?extensions=).
                IReadOnlySet<string> set;
                try { set = NboExtensions.Parse(string.Join(',', chosen.ToArray())); }
                catch (ArgumentException e) { return Problems.Result(400, e.Message); }
                view = new RecordView { Record = view.Record, Path = view.Path, Origin = view.Origin, SelectedExtensions = set, SelectedCompliance = host.Registry.ComplianceOf(ver, set) };
            }
            LandingPageCachePolicy.AddTag(ctx, LandingPageCachePolicy.TagFor(view.Pid.ToString()));
            var candidates = DataCiteXml.Describes(view.Level) ? WithDataCite : Offer;
            var mt = Conneg.Choose(ctx.Request, candidates)?.MediaType;
            if (mt is null && !DataCiteXml.Describes(view.Level) && Conneg.Choose(ctx.Request, [WebFormats.DataCite]) is not null)
                return Conneg.NotAcceptable(candidates, $"DataCite XML describes instruments (PIDINST) and configuration versions; a {(view.Level == PidLevel.Facility ? "facility is an organisation, which DataCite has no resource type for" : "model record describes a product, not an instrument")}: ask for one of its instruments, or use one of the listed media types");
            if (mt is null) return Conneg.NotAcceptable(candidates);
            var links = Signposting.Links(view);
            if (mt == Conneg.DataCite)
                return Representation.Send(DataCiteXml.Document(host.Registry.HarvestItemOf(view.Pid)!, view.Origin), Conneg.ContentType(mt), view.LastModified,
                    status: view.IsGone ? 410 : 200, headers: res => res.Headers.Append("Link", Signposting.Header(links)));
            if (mt == Conneg.Html)
                return Slices.Send(RecordPages.Create(view, cat, links, EmbeddedJsonLd(host, view), Methods(view, host), host.Memo),
                    view.LastModified, status: view.IsGone ? 410 : 200, headers: LinkHeaders(view, links));
            return SendData(mt, view, links, () => RecordRdf.Build(host.Registry, view));
        }).CacheOutput(LandingPageCachePolicy.Name).RequireCors(WebApp.CorsReads);
    }

    /// <summary>The Link headers of every representation of a record: its signposting, and its one canonical URL.</summary>
    internal static Action<HttpResponse> LinkHeaders(RecordView view, IReadOnlyList<RecordLink> links) => res =>
    {
        res.Headers.Append("Link", Signposting.Header(links));
        // One URL per record: other paths that show it (a model under a facility, ?format=html)
        // name the canonical one; 301s handle the other spellings (Resolver).
        res.Headers.Append("Link", "<" + view.Canonical + ">; rel=\"canonical\"");
    };

    /// <summary>A record in one of its data formats (<paramref name="mt"/>: a citation, a linkset or an RDF syntax; not HTML), 410 when withdrawn.</summary>
    internal static IResult SendData(string mt, RecordView view, IReadOnlyList<RecordLink> links, Func<IEnumerable<Quad>> rdf)
    {
        string body = mt switch
        {
            Conneg.BibTex => Citation.BibTex(view),
            Conneg.Ris => Citation.Ris(view),
            Conneg.CslJson => Citation.CslJson(view),
            Conneg.Linkset => Signposting.LinksetText(view, links),
            Conneg.LinksetJson => Signposting.LinksetJson(view, links),
            Conneg.JsonLd => RdfOutput.WriteRecordJsonLd(rdf()),
            _ => RdfOutput.Write(rdf(), mt),
        };
        return Representation.Send(Encoding.UTF8.GetBytes(body), Conneg.ContentType(mt), view.LastModified, status: view.IsGone ? 410 : 200, headers: LinkHeaders(view, links));
    }

    /// <summary>
    /// The page's JSON-LD, memoised. It is read from the store's quads only (<see cref="RecordRdf"/>), so it is keyed by
    /// the registry's <see cref="RegistryService.GraphState"/>, which is immutable and replaced by every commit (this process's writes, batches,
    /// a replica's followed changes): any change gives a new state, and a request costs no store reads. (Listing the
    /// record's own statements per request as the key cost as much as rendering the page: bench/http.) The key names
    /// what else the JSON-LD depends on: the record, the origin, and whether the version's graph is embedded (not once
    /// withdrawn).
    /// </summary>
    private static string EmbeddedJsonLd(RegistryHost host, RecordView view)
    {
        bool withGraph = view.Level == PidLevel.Descriptor && view.Graph is not null && view.Tombstone is null;
        var key = string.Concat("jsonld\n", withGraph ? view.Version!.Accession.ToString() : "-", "\n", view.Origin, "\n", view.Pid.ToString(), "\n",
            view.Level == PidLevel.Descriptor ? view.Version!.GraphIri : "");
        // Stored already escaped for the <script> data block: escaping 10+ KB char by char is not free either.
        return host.Memo.Text(host.Registry.GraphState, key,
            () => JsonLdScript.Escape(RdfOutput.WriteRecordJsonLd(RecordRdf.Build(host.Registry, view).Select(q => q.WithGraph(null)))));
    }

    /// <summary>The methods paragraph from the registry (memoised there by version and the context it names).</summary>
    private static string? Methods(RecordView view, RegistryHost host)
    {
        if (view.Level != PidLevel.Descriptor || view.Graph is not { Count: > 0 } || view.Tombstone is not null) return null;
        return host.Registry.MethodsParagraphOf(view.Version!, view.Iri);
    }

    private static IResult Redirect(string location, int status, string query) => new RedirectResult(location + query, status);

    private sealed record RedirectResult(string Location, int Status) : IResult
    {
        public Task ExecuteAsync(HttpContext ctx)
        {
            ctx.Response.StatusCode = Status;
            ctx.Response.Headers.Location = Location;
            // 302 latest moves with every new version; 301s are permanent but stay revalidatable.
            ctx.Response.Headers.CacheControl = Status == 302 ? "no-cache" : "public, max-age=3600";
            return Task.CompletedTask;
        }
    }
}
