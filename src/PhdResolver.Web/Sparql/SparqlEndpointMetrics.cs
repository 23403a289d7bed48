using System.Diagnostics.Metrics;

namespace PhdResolver.Web.Sparql;

/// <summary>
/// Counters of the /sparql endpoint (meter <see cref="MeterName"/>; the engine's own counters are <see cref="PhdResolver.Sparql.SparqlMetrics"/>), for operators and for tests that must see
/// what happened to a query on the server, e.g. that it stopped when its client disconnected.
/// <c>phd.sparql.queries</c> counts finished requests by <c>outcome</c>; <c>phd.sparql.rows</c> counts rows sent.
/// </summary>
internal static class SparqlEndpointMetrics
{
    public const string MeterName = "PhdResolver.Web.Sparql";

    /// <summary>Every row written (the whole result, within the row limit).</summary>
    public const string Completed = "completed";

    /// <summary>The row limit cut the result and the answer says so (JSON's warning).</summary>
    public const string Cut = "cut";

    /// <summary>The client disconnected; the query was stopped (before or after the first byte).</summary>
    public const string ClientGone = "client-gone";

    /// <summary>Timed out before the first byte: answered 503.</summary>
    public const string Timeout = "timeout";

    /// <summary>An error after the first byte (timeout, limit, unrepresentable value): the connection was aborted.</summary>
    public const string Aborted = "aborted";

    /// <summary>Answered with a problem document before any result byte (syntax, 406, 422, refused SERVICE).</summary>
    public const string Refused = "refused";

    /// <summary>Refused because every worker was busy and the backlog full (503 with Retry-After).</summary>
    public const string Busy = "busy";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Queries = Meter.CreateCounter<long>("phd.sparql.queries", unit: "{query}", description: "SPARQL query requests by outcome");
    private static readonly Counter<long> RowsSent = Meter.CreateCounter<long>("phd.sparql.rows", unit: "{row}", description: "SELECT rows written to clients");

    public static void Count(string outcome) => Queries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static void Rows(long rows)
    {
        if (rows > 0) RowsSent.Add(rows);
    }
}
