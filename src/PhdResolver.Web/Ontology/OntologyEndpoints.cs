using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PhdResolver.Web.Infrastructure;

namespace PhdResolver.Web.Ontology;

/// <summary>/ontology and /ontology/{term}: HTML or RDF by content negotiation.</summary>
internal static class OntologyEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/ontology", (HttpRequest req, OntologyCatalog cat) =>
        {
            var mt = Conneg.Choose(req, WebFormats.Record)?.MediaType;
            if (mt is null) return Conneg.NotAcceptable(WebFormats.Record);
            if (mt == Conneg.Html) return Slices.Send(OntologyPages.Index(cat, req.Query["q"].ToString()), headers: r => AddLinks(r, "/ontology"));
            return Representation.Send(RdfOutput.Write(cat.All, mt), Conneg.ContentType(mt), headers: r => AddLinks(r, "/ontology"));
        }).CacheOutput(LandingPageCachePolicy.Name).RequireCors(WebApp.CorsReads);

        app.MapGet("/ontology/{term}", (string term, HttpRequest req, OntologyCatalog cat) =>
        {
            var t = cat.Find(term);
            if (t is null)
            {
                // Term names are case-sensitive IRIs, but a wrong-case request has one obvious meaning.
                if (cat.FindIgnoreCase(term) is { } other)
                    return Results.Redirect("/ontology/" + Uri.EscapeDataString(other.LocalName) + req.QueryString, permanent: true);
                return Problems.Result(404, "no such NBO-Q term; /ontology lists them all");
            }
            var mt = Conneg.Choose(req, WebFormats.Record)?.MediaType;
            if (mt is null) return Conneg.NotAcceptable(WebFormats.Record);
            string self = "/ontology/" + Uri.EscapeDataString(t.LocalName);
            if (mt == Conneg.Html) return Slices.Send(OntologyPages.Term(cat, t), headers: r => AddLinks(r, self));
            return Representation.Send(RdfOutput.Write(t.Description, mt), Conneg.ContentType(mt), headers: r => AddLinks(r, self));
        }).CacheOutput(LandingPageCachePolicy.Name).RequireCors(WebApp.CorsReads);
    }

    private static void AddLinks(HttpResponse r, string self)
    {
        var links = Conneg.RecordTypes.Skip(1).Select(mt => $"<{self}?format={Conneg.ShortNameOf(mt)}>; rel=\"alternate\"; type=\"{mt}\"");
        r.Headers.Append("Link", string.Join(", ", links));
    }
}
