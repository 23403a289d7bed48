using System.Text;
using Microsoft.AspNetCore.Http;
using PhdResolver.Rdf;
using PhdResolver.Sparql;
using PhdResolver.Sparql.Results;
using PhdResolver.Web.Infrastructure;

namespace PhdResolver.Web.Sparql;

/// <summary>
/// Runs one SPARQL 1.1 Protocol query request: parse, apply protocol dataset parameters, evaluate
/// under the engine's limits, negotiate the result syntax and answer. The result is written to a
/// buffer first so that an error while streaming (a timeout, a row limit) still gets a proper
/// status and problem details instead of a truncated 200.
/// </summary>
internal static class SparqlProtocol
{
    public static IResult Run(HttpRequest req, SparqlEngine engine, string queryText, IReadOnlyList<string> defaultGraphs, IReadOnlyList<string> namedGraphs)
    {
        Query query;
        try
        {
            query = SparqlParser.ParseQuery(queryText, engine.Options.BaseIri);
        }
        catch (RdfSyntaxException e)
        {
            var ext = new Dictionary<string, object?>();
            if (e.Line > 0) { ext["line"] = e.Line; ext["column"] = e.Column; }
            return Problems.Result(400, "SPARQL syntax error: " + e.Message, "Malformed query", ext);
        }

        // SPARQL 1.1 Protocol §2.1.4: protocol dataset parameters override FROM / FROM NAMED.
        if (defaultGraphs.Count > 0 || namedGraphs.Count > 0)
        {
            query.From.Clear();
            query.FromNamed.Clear();
            foreach (var g in defaultGraphs) query.From.Add(new Iri(g));
            foreach (var g in namedGraphs) query.FromNamed.Add(new Iri(g));
        }

        var candidates = CandidatesFor(query.Form);
        var mt = ChooseFormat(req, candidates);
        if (mt is null) return Conneg.NotAcceptable(candidates);

        try
        {
            var result = engine.Query(query, req.HttpContext.RequestAborted);
            var sw = new StringWriter(new StringBuilder(1024), System.Globalization.CultureInfo.InvariantCulture);
            if (mt == Conneg.Html) SparqlPages.WriteResult(sw, result, queryText);
            else SparqlResultFormats.Write(result, mt, sw, new WriterOptions { Prefixes = RdfOutput.Prefixes });
            string contentType = mt == Conneg.Html ? "text/html; charset=utf-8" : SparqlResultFormats.ContentType(mt);
            return Representation.Send(sw.ToString(), contentType, headers: r => r.Headers.CacheControl = "no-cache");
        }
        catch (SparqlTimeoutException e)
        {
            return Problems.Result(503, e.Message + "; simplify the query or add a LIMIT", "Query timeout");
        }
        catch (SparqlLimitException e)
        {
            return Problems.Result(422, e.Message + "; add a LIMIT or narrow the query", "Result limit exceeded");
        }
        catch (SparqlEvaluationException e)
        {
            // SERVICE and LOAD end here: the public endpoint calls no other hosts and reads no files.
            return Problems.Result(e.Message.StartsWith("SERVICE", StringComparison.Ordinal) ? 403 : 400, e.Message, "Query refused");
        }
    }

    /// <summary>Result syntaxes for the query form, server preference first; HTML last (for the query page).</summary>
    public static IReadOnlyList<string> CandidatesFor(QueryForm form) => form is QueryForm.Construct or QueryForm.Describe
        ? [Conneg.Turtle, Conneg.JsonLd, Conneg.NTriples, Conneg.RdfXml, Conneg.TriG, Conneg.NQuads, Conneg.Html]
        : ["application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values", Conneg.Html];

    private static string? ChooseFormat(HttpRequest req, IReadOnlyList<string> candidates)
    {
        var format = req.Query["format"].ToString();
        if (string.IsNullOrWhiteSpace(format))
        {
            var accept = req.Headers.Accept.ToString();
            var chosen = AcceptHeader.Choose(accept, candidates);
            if (chosen is not null || string.IsNullOrWhiteSpace(accept)) return chosen;
            // Generic JSON/XML clients: SPARQL JSON/XML results, or JSON-LD/RDF-XML for graphs.
            if (AcceptHeader.Choose(accept, ["application/json"]) is not null) return candidates[0] == Conneg.Turtle ? Conneg.JsonLd : candidates[0];
            if (AcceptHeader.Choose(accept, ["application/xml", "text/xml"]) is not null) return candidates[0] == Conneg.Turtle ? Conneg.RdfXml : candidates[1];
            return null;
        }
        format = format.Trim();
        if (format.Equals("html", StringComparison.OrdinalIgnoreCase)) return Conneg.Html;
        if (candidates[0] == Conneg.Turtle)
            return RdfFormats.TryParse(format, out var rf) && candidates.Contains(RdfFormats.MediaType(rf)) ? RdfFormats.MediaType(rf) : null;
        return SparqlResultFormats.TryParse(format, out var f) ? SparqlResultFormats.MediaType(f) : null;
    }
}
