using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PhdResolver.Rdf;
using PhdResolver.Web.Infrastructure;

namespace PhdResolver.Web.Sparql;

/// <summary>
/// /sparql per the SPARQL 1.1 Protocol. Decision: updates are NOT exposed over HTTP at all
/// (no token either) — records change only through the write API, which validates, versions
/// and audits; a raw update would bypass all three. `phd update` works on a stopped server's data.
/// </summary>
internal static class SparqlEndpoints
{
    private static readonly string[] Forms = ["application/x-www-form-urlencoded", "multipart/form-data"];

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/sparql", async (HttpRequest req, StoreHost host, WebOptions o, WorkQueue work) =>
        {
            var q = req.Query;
            if (q.ContainsKey("update")) return UpdateRefused();
            string? query = q["query"];
            if (query is not null && !q.ContainsKey("edit"))
                return await SparqlProtocol.RunAsync(req, host, work, o, query, q["default-graph-uri"].OfType<string>().ToList(), q["named-graph-uri"].OfType<string>().ToList());
            return DescribeService(req, host, o, query);
        }).RequireRateLimiting(WebApp.SparqlPolicy).RequireCors(WebApp.CorsReads);

        app.MapPost("/sparql", async (HttpRequest req, StoreHost host, WebOptions o, WorkQueue work) =>
        {
            var type = (req.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
            var qs = req.Query;
            if (Forms.Contains(type))
            {
                var form = await req.ReadFormAsync(req.HttpContext.RequestAborted);
                if (form.ContainsKey("update")) return UpdateRefused();
                string? query = form["query"];
                if (string.IsNullOrEmpty(query)) return Problems.Result(400, "the form has no 'query' parameter");
                return await SparqlProtocol.RunAsync(req, host, work, o, query,
                    form["default-graph-uri"].Concat(qs["default-graph-uri"]).OfType<string>().ToList(),
                    form["named-graph-uri"].Concat(qs["named-graph-uri"]).OfType<string>().ToList());
            }
            if (type == "application/sparql-query")
            {
                var query = await RequestBody.ReadTextAsync(req.HttpContext, o.MaxRequestBodyBytes);
                return await SparqlProtocol.RunAsync(req, host, work, o, query, qs["default-graph-uri"].OfType<string>().ToList(), qs["named-graph-uri"].OfType<string>().ToList());
            }
            if (type == "application/sparql-update") return UpdateRefused();
            return Problems.Result(415, "POST a query as application/sparql-query or as a form (application/x-www-form-urlencoded) with 'query'",
                extensions: new Dictionary<string, object?> { ["accepted"] = new[] { "application/sparql-query", "application/x-www-form-urlencoded" } });
        }).RequireRateLimiting(WebApp.SparqlPolicy).RequireCors(WebApp.CorsReads);
    }

    private static IResult UpdateRefused() =>
        Problems.Result(403, "SPARQL Update is not available over HTTP; records change through the write API (/api/...)", "Updates not allowed");

    /// <summary>The service description: Turtle first (what SPARQL clients that ask for no type read), the page for browsers.</summary>
    private static readonly IReadOnlyList<MediaFormat> ServiceOffer =
        [MediaFormats.Turtle, WebFormats.Html, MediaFormats.JsonLd, MediaFormats.NTriples, MediaFormats.RdfXml, MediaFormats.TriG, MediaFormats.NQuads];

    /// <summary>/sparql without a query: the query page for browsers, the service description for software.</summary>
    private static IResult DescribeService(HttpRequest req, StoreHost host, WebOptions o, string? editQuery)
    {
        var mt = Conneg.Choose(req, ServiceOffer)?.MediaType;
        if (mt is null) return Conneg.NotAcceptable(ServiceOffer);
        if (mt == Conneg.Html)
        {
            string? text = editQuery;
            if (text is null && int.TryParse(req.Query["example"], NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= 1 && n <= SparqlExamples.All.Count)
                text = SparqlExamples.All[n - 1].Query;
            return Slices.Send(SparqlPages.QueryPage(text));
        }
        long quads;
        int graphs;
        // The local record's counts, in either mode when a SPARQL service exists; without one OpenSnapshot's NoQueryIndexes is the 501.
        using (var snap = host.AnswersSparql ? host.Store.OpenQuadSnapshot() : host.Store.OpenSnapshot())
        {
            quads = snap.QuadCount;
            graphs = snap.NamedGraphs().Count;
        }
        var sd = ServiceDescription.Build(o.Origin + "/sparql", quads, graphs, o.SparqlMaxResultRows);
        return Representation.Send(RdfOutput.Write(sd, mt), Conneg.ContentType(mt));
    }
}
