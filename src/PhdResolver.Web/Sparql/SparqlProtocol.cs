using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Http;
using PhdResolver.Rdf;
using PhdResolver.Sparql;
using PhdResolver.Sparql.Remote;
using PhdResolver.Sparql.Results;
using PhdResolver.Web.Infrastructure;

namespace PhdResolver.Web.Sparql;

/// <summary>
/// Runs one SPARQL 1.1 Protocol query request: parse, apply protocol dataset parameters, evaluate
/// under the engine's limits, negotiate the result syntax and stream the answer.
/// <para>All of it runs on the <see cref="WorkQueue"/> (never on a request thread) under one
/// deadline that starts when the request arrives: waiting for a worker, parsing, translation,
/// optimisation, evaluation and serialisation all count (the engine's own timeout, the same
/// length, starts again inside and is the precise one). The client's disconnect
/// (<see cref="HttpContext.RequestAborted"/>) cancels the same token, so the query stops.</para>
/// <para><b>Streaming and errors.</b> Results are written while they are computed, through
/// <see cref="ResponseBody"/>: nothing leaves before 32 KB of output, so everything that can be
/// known before the first row - syntax, dataset parameters, the result syntax, translation and
/// optimisation - and every error in a small result still gets a status and a problem document.
/// An error once the response is committed (the timeout, an operator limit, a value the syntax
/// cannot carry, a failed write) cannot change the 200 any more: the connection is then aborted,
/// so the client sees a broken body (no final chunk), never a valid-looking truncated result.</para>
/// <para><b>Row limit.</b> A SELECT returns at most <see cref="WebOptions.SparqlMaxResultRows"/> rows
/// (announced in the service description and in the <see cref="RowLimitHeader"/> header of every
/// SELECT answer). The query is run with LIMIT at most cap + 1, so evaluation stops one row past the
/// cap. When that extra row exists the result is cut: JSON gets a <c>"warnings"</c> member after the
/// rows; XML, CSV and TSV have no place for a warning, so for them a cut result is an error
/// (422 when it is noticed before the first byte, a broken body after). Never a silent truncation.
/// Clients page with LIMIT/OFFSET: a LIMIT ends evaluation early, and ORDER BY with a LIMIT keeps
/// only the top rows.</para>
/// </summary>
internal static class SparqlProtocol
{
    /// <summary>Response header of SELECT answers: the endpoint's row limit (<see cref="WebOptions.SparqlMaxResultRows"/>).</summary>
    public const string RowLimitHeader = "SPARQL-Row-Limit";

    public static async Task<IResult> RunAsync(HttpRequest req, StoreHost host, WorkQueue queue, WebOptions options, string queryText,
        IReadOnlyList<string> defaultGraphs, IReadOnlyList<string> namedGraphs)
    {
        var engine = host.Sparql;
        var remote = host.Remote;
        // Protocol dataset parameters name graphs by IRI (§2.1.4): checked here, before any work is queued.
        if ((BadGraphParameter("default-graph-uri", defaultGraphs) ?? BadGraphParameter("named-graph-uri", namedGraphs)) is { } bad) return bad;
        var aborted = req.HttpContext.RequestAborted;
        var timeout = engine.Options.Timeout ?? TimeSpan.FromMinutes(5);
        // Kept apart from the client's token so that an end can be told a timeout or a departure: a
        // cancelled write makes Kestrel abort the connection too, so RequestAborted alone cannot say.
        using var deadline = new CancellationTokenSource(timeout);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(aborted, deadline.Token);
        try
        {
            return await queue.RunAsync(ct => Run(req.HttpContext, engine, remote, options.SparqlMaxResultRows, queryText, defaultGraphs, namedGraphs, ct, deadline.Token), cts.Token);
        }
        catch (WorkQueueFullException e)
        {
            // Answered here (not by the exception handler) so a flood does not fill the log with traces.
            SparqlEndpointMetrics.Count(SparqlEndpointMetrics.Busy);
            return Problems.For(e).ToResult();
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested && !deadline.IsCancellationRequested)
        {
            // The client left before the first byte (while waiting for a worker, or while the query ran): nobody to answer.
            SparqlEndpointMetrics.Count(SparqlEndpointMetrics.ClientGone);
            return Results.Empty;
        }
        catch (OperationCanceledException)
        {
            SparqlEndpointMetrics.Count(SparqlEndpointMetrics.Timeout);
            PhdResolver.Sparql.SparqlMetrics.Timeouts.Add(1); // the deadline passed before the engine saw it (waiting for a worker): a timeout all the same
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

    private static readonly System.Text.UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>On a worker thread: everything up to the last byte. Returns the answer when nothing
    /// has been sent yet (a problem), <see cref="Results.Empty"/> once the body has been written.</summary>
    private static IResult Run(HttpContext http, SparqlEngine engine, RemoteSparqlEndpoint? remote, long rowCap, string queryText, IReadOnlyList<string> defaultGraphs, IReadOnlyList<string> namedGraphs,
        CancellationToken ct, CancellationToken deadline)
    {
        var req = http.Request;
        Query query;
        try
        {
            query = SparqlParser.ParseQuery(queryText, engine.Options.BaseIri);
        }
        catch (SparqlSyntaxException e)
        {
            SparqlEndpointMetrics.Count(SparqlEndpointMetrics.Refused);
            return Problems.For(e).ToResult();
        }

        // SPARQL 1.1 Protocol §2.1.4: protocol dataset parameters override FROM / FROM NAMED (a remote store is sent them).
        if (remote is null && (defaultGraphs.Count > 0 || namedGraphs.Count > 0))
        {
            query.From.Clear();
            query.FromNamed.Clear();
            foreach (var g in defaultGraphs) query.From.Add(new Iri(g));
            foreach (var g in namedGraphs) query.FromNamed.Add(new Iri(g));
        }

        var offer = OfferFor(query.Form);
        var format = Conneg.Choose(req, offer);
        if (format is null) { SparqlEndpointMetrics.Count(SparqlEndpointMetrics.Refused); return Conneg.NotAcceptable(offer); }
        bool select = query.Form == QueryForm.Select;
        // One row past the cap: its existence is how a cut result is told from one of exactly cap rows.
        // (A remote store gets the text as written: its rows are read one past the cap, and the rest is never read.)
        if (select && rowCap < long.MaxValue && remote is null) query.CapLimit(rowCap + 1);

        string contentType = format.ContentType;
        ResponseBody? body = null;
        var rows = new RowCounter(rowCap);
        try
        {
            // The one place that chooses who answers: the embedded engine, or the external store (phd serve --sparql-store).
            var result = remote is null ? engine.Query(query, ct) : remote.Query(query, queryText, defaultGraphs, namedGraphs, ct);
            body = new ResponseBody(http.Response, r =>
            {
                r.StatusCode = StatusCodes.Status200OK;
                r.ContentType = contentType;
                r.Headers.CacheControl = "no-cache";
                r.Headers.Vary = "Accept";
                if (select) r.Headers[RowLimitHeader] = rowCap.ToString(CultureInfo.InvariantCulture);
            }, ct);
            using (var text = new StreamWriter(body, Utf8, 16 * 1024, leaveOpen: true))
            {
                Write(result, format, text, rows, queryText);
                text.Flush();
            }
            body.Complete();
            SparqlEndpointMetrics.Count(rows.Cut ? SparqlEndpointMetrics.Cut : SparqlEndpointMetrics.Completed);
            return Results.Empty;
        }
        catch (Exception e) when (body is { Committed: true })
        {
            // Too late for a status: end the response so that it cannot pass for a complete result.
            bool clientGone = http.RequestAborted.IsCancellationRequested && !deadline.IsCancellationRequested;
            SparqlEndpointMetrics.Count(clientGone ? SparqlEndpointMetrics.ClientGone : SparqlEndpointMetrics.Aborted);
            if (!clientGone)
                http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(typeof(SparqlProtocol)).LogWarning(
                    "SPARQL response aborted after {Bytes} bytes and {Rows} rows: {Reason}", body.BytesSent, rows.Count, e.Message);
            http.Abort();
            if (e is OperationCanceledException or SparqlEvaluationException or ResultSyntaxException or RowLimitException or IOException or RemoteStoreException) return Results.Empty;
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException && Problems.Of(e) is { } problem)
        {
            // Before the first byte: the error table's answer (a timeout, a limit, a refused SERVICE or LOAD, a result
            // the chosen syntax cannot carry, a cut result in a syntax that cannot say so, a storage failure). Cancellation
            // is RunAsync's to tell apart: the client left, or the deadline passed.
            SparqlEndpointMetrics.Count(e is SparqlTimeoutException ? SparqlEndpointMetrics.Timeout : SparqlEndpointMetrics.Refused);
            if (e is RemoteStoreException)
                http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(typeof(SparqlProtocol)).LogWarning("SPARQL query not answered: {Reason}", e.Message);
            return problem.ToResult();
        }
        finally
        {
            SparqlEndpointMetrics.Rows(rows.Count);
            body?.Dispose();
        }
    }

    private static void Write(QueryResult result, MediaFormat format, TextWriter text, RowCounter rows, string queryText)
    {
        if (result is BindingsResult b) result = b with { Rows = rows.Take(b.Rows) };
        if (format == WebFormats.Html)
        {
            SparqlPages.WriteResult(text, result, queryText, () => rows.Cut ? rows.Warning : null);
            return;
        }
        if (result is GraphResult)
        {
            SparqlResultFormats.Write(result, format.MediaType, text, new WriterOptions { Prefixes = RdfOutput.Prefixes });
            return;
        }
        SparqlResultWriter writer = format == CsvSafe ? new CsvResultWriter(text, spreadsheetSafe: true)
            : format == TsvSafe ? new TsvResultWriter(text, spreadsheetSafe: true)
            : SparqlResultFormats.CreateWriter(SparqlResultFormats.Of(format) ?? SparqlResultFormat.Json, text);
        if (result is not BindingsResult s)
        {
            writer.Write(result);
            return;
        }
        writer.WriteHead(s.Variables);
        foreach (var row in s.Rows) writer.WriteRow(row);
        if (!rows.Cut) writer.WriteEnd();
        else if (writer.CarriesWarnings) writer.WriteEnd([rows.Warning]);
        else throw new RowLimitException(rows.Cap, writer.Format);
    }

    /// <summary><c>?format=csv-safe</c>: CSV whose cells cannot start a spreadsheet formula (see <see cref="CsvResultWriter"/>).
    /// Never chosen by Accept: plain CSV comes first in the offer with the same media type.</summary>
    public static readonly MediaFormat CsvSafe = new("csv-safe", "CSV, spreadsheet-safe", MediaTypeNames.Csv, FormatFamily.SparqlResults, true, []);

    /// <summary><c>?format=tsv-safe</c>: the same for TSV (see <see cref="TsvResultWriter"/>).</summary>
    public static readonly MediaFormat TsvSafe = new("tsv-safe", "TSV, spreadsheet-safe", MediaTypeNames.Tsv, FormatFamily.SparqlResults, true, []);

    private static readonly IReadOnlyList<MediaFormat> GraphOffer =
        [MediaFormats.Turtle, MediaFormats.JsonLd, MediaFormats.NTriples, MediaFormats.RdfXml, MediaFormats.TriG, MediaFormats.NQuads, WebFormats.Html];

    private static readonly IReadOnlyList<MediaFormat> ResultOffer = [.. MediaFormats.SparqlResults, WebFormats.Html, CsvSafe, TsvSafe];

    /// <summary>Result formats for the query form, server preference first; HTML (the query page) after the machine formats.</summary>
    public static IReadOnlyList<MediaFormat> OfferFor(QueryForm form) => form is QueryForm.Construct or QueryForm.Describe ? GraphOffer : ResultOffer;
}

/// <summary>Passes on at most <see cref="Cap"/> rows and notes whether there were more.</summary>
internal sealed class RowCounter(long cap)
{
    public long Cap { get; } = cap;

    /// <summary>Rows passed on.</summary>
    public long Count { get; private set; }

    /// <summary>The source had a row past the cap.</summary>
    public bool Cut { get; private set; }

    public string Warning => $"the result was cut at this endpoint's limit of {Cap} rows; page through it with ORDER BY, LIMIT and OFFSET";

    public IEnumerable<Term?[]> Take(IEnumerable<Term?[]> rows)
    {
        foreach (var r in rows)
        {
            if (Count == Cap) { Cut = true; yield break; }
            Count++;
            yield return r;
        }
    }
}

/// <summary>A cut result in a syntax that cannot say so (XML, CSV, TSV): 422 with the limit (<see cref="Problems.Of"/>).</summary>
internal sealed class RowLimitException(long cap, SparqlResultFormat format)
    : Exception($"the result has more than this endpoint's limit of {cap} rows, and SPARQL {format} results cannot say that they were cut; "
        + "page through it with ORDER BY, LIMIT and OFFSET, or ask for JSON results (application/sparql-results+json), which carry a warning")
{
    public long Cap { get; } = cap;
}
