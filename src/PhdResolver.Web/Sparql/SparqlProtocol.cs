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
/// <para>All of it runs on the <see cref="WorkQueue"/> (never on a request thread) under one
/// deadline that starts when the request arrives: waiting for a worker, parsing, translation,
/// optimisation, evaluation and serialisation all count (the engine's own timeout, the same
/// length, starts again inside and is the precise one).</para>
/// </summary>
internal static class SparqlProtocol
{
    /// <summary>Largest serialised result, in UTF-16 units (64 Mi, 128 MB): rows times values can
    /// otherwise grow the buffer far past what the row limit suggests.</summary>
    public const int MaxResultChars = 64 * 1024 * 1024;

    public static async Task<IResult> RunAsync(HttpRequest req, SparqlEngine engine, WorkQueue queue, string queryText,
        IReadOnlyList<string> defaultGraphs, IReadOnlyList<string> namedGraphs)
    {
        // Protocol dataset parameters name graphs by IRI (§2.1.4): checked here, before any work is queued.
        if ((BadGraphParameter("default-graph-uri", defaultGraphs) ?? BadGraphParameter("named-graph-uri", namedGraphs)) is { } bad) return bad;
        var aborted = req.HttpContext.RequestAborted;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var timeout = engine.Options.Timeout ?? TimeSpan.FromMinutes(5);
        cts.CancelAfter(timeout);
        try
        {
            return await queue.RunAsync(ct => Run(req, engine, queryText, defaultGraphs, namedGraphs, ct), cts.Token);
        }
        catch (WorkQueueFullException e)
        {
            // Answered here (not by the exception handler) so a flood does not fill the log with traces.
            req.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(e.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.Result(503, e.Message, "Server busy");
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            SparqlMetrics.Timeouts.Add(1); // the deadline passed before the engine saw it (waiting for a worker): a timeout all the same
            return Problems.Result(503, $"the query ran longer than its timeout of {timeout.TotalSeconds:0.###} s; simplify the query or add a LIMIT", "Query timeout");
        }
    }

    /// <summary>A 400 naming <paramref name="parameter"/> when one of its values is not an absolute IRI (RFC 3987, <see cref="IriSyntax"/>).</summary>
    private static IResult? BadGraphParameter(string parameter, IReadOnlyList<string> values)
    {
        foreach (var v in values)
            if (IriSyntax.CheckAbsolute(v) is { } why)
                return Problems.Result(400, $"{parameter}: '{(v.Length <= 200 ? v : v[..200] + "...")}' is not an absolute IRI: {why}", "Malformed query",
                    new Dictionary<string, object?> { ["parameter"] = parameter });
        return null;
    }

    private static IResult Run(HttpRequest req, SparqlEngine engine, string queryText, IReadOnlyList<string> defaultGraphs, IReadOnlyList<string> namedGraphs, CancellationToken ct)
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
            var result = engine.Query(query, ct);
            var sw = new CappedStringWriter(MaxResultChars);
            if (mt == Conneg.Html) SparqlPages.WriteResult(sw, result, queryText);
            else if (result is not GraphResult && SafeVariant(req) is { } safe)
                (safe == CsvSafe ? new CsvResultWriter(sw, spreadsheetSafe: true) : (SparqlResultWriter)new TsvResultWriter(sw, spreadsheetSafe: true)).Write(result);
            else SparqlResultFormats.Write(result, mt, sw, new WriterOptions { Prefixes = RdfOutput.Prefixes });
            string contentType = mt == Conneg.Html ? "text/html; charset=utf-8" : SparqlResultFormats.ContentType(mt);
            return Representation.Send(sw.ToString(), contentType, headers: r => r.Headers.CacheControl = "no-cache");
        }
        catch (SparqlTimeoutException e)
        {
            return Problems.Result(503, e.Message + "; simplify the query or add a LIMIT", "Query timeout");
        }
        catch (ResultSyntaxException e)
        {
            return Problems.Result(406, e.Message, "Result not representable");
        }
        catch (ResultTooLargeException)
        {
            return Problems.Result(422, $"the result is longer than {MaxResultChars} characters; add a LIMIT or narrow the query", "Result limit exceeded");
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

    /// <summary><c>?format=csv-safe</c>: CSV whose cells cannot start a spreadsheet formula (see <see cref="CsvResultWriter"/>).</summary>
    public const string CsvSafe = "csv-safe";

    /// <summary><c>?format=tsv-safe</c>: the same for TSV (see <see cref="TsvResultWriter"/>).</summary>
    public const string TsvSafe = "tsv-safe";

    /// <summary><see cref="CsvSafe"/> or <see cref="TsvSafe"/> when the request asks for one, else null.</summary>
    private static string? SafeVariant(HttpRequest req)
    {
        var f = req.Query["format"].ToString().Trim();
        return f.Equals(CsvSafe, StringComparison.OrdinalIgnoreCase) ? CsvSafe : f.Equals(TsvSafe, StringComparison.OrdinalIgnoreCase) ? TsvSafe : null;
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
        if (format.Equals(CsvSafe, StringComparison.OrdinalIgnoreCase)) return candidates[0] == Conneg.Turtle ? null : "text/csv";
        if (format.Equals(TsvSafe, StringComparison.OrdinalIgnoreCase)) return candidates[0] == Conneg.Turtle ? null : "text/tab-separated-values";
        if (candidates[0] == Conneg.Turtle)
            return RdfFormats.TryParse(format, out var rf) && candidates.Contains(RdfFormats.MediaType(rf)) ? RdfFormats.MediaType(rf) : null;
        return SparqlResultFormats.TryParse(format, out var f) ? SparqlResultFormats.MediaType(f) : null;
    }
}

/// <summary>The serialised result passed <see cref="SparqlProtocol.MaxResultChars"/>.</summary>
internal sealed class ResultTooLargeException() : Exception("the serialised result is too large");

/// <summary>A StringWriter that refuses to grow past a cap (every write path goes through these overloads).</summary>
internal sealed class CappedStringWriter(int maxChars) : StringWriter(new StringBuilder(1024), System.Globalization.CultureInfo.InvariantCulture)
{
    private void Room(int n)
    {
        if ((long)GetStringBuilder().Length + n > maxChars) throw new ResultTooLargeException();
    }

    public override void Write(char value) { Room(1); base.Write(value); }

    public override void Write(char[] buffer, int index, int count) { Room(count); base.Write(buffer, index, count); }

    public override void Write(ReadOnlySpan<char> buffer) { Room(buffer.Length); base.Write(buffer); }

    public override void Write(string? value) { Room(value?.Length ?? 0); base.Write(value); }

    public override void Write(StringBuilder? value) { Room(value?.Length ?? 0); base.Write(value); }

    public override void WriteLine(ReadOnlySpan<char> buffer) { Room(buffer.Length + CoreNewLine.Length); base.WriteLine(buffer); }
}
