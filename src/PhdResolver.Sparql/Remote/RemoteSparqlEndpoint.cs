using System.Net;
using System.Net.Http.Headers;
using PhdResolver.Rdf;
using PhdResolver.Sparql.Results;
using PhdResolver.Sparql.Syntax;

namespace PhdResolver.Sparql.Remote;

/// <summary>
/// Queries answered by an external SPARQL 1.1 Protocol endpoint (<c>phd serve --sparql-store</c>): the one home of the
/// query side of the protocol client. The caller has parsed the query with our parser (syntax errors keep their line
/// and column); here it is checked against what this deployment refuses (SERVICE, as the embedded engine refuses it,
/// and the property functions only the embedded engine has), sent as its original text with the protocol's dataset
/// parameters, and the answer read as it arrives: <c>application/sparql-results+json</c> for SELECT and ASK, N-Triples
/// for CONSTRUCT and DESCRIBE. The result is lazy, like the embedded engine's: rows are read from the socket while the
/// caller writes them, and disposing the enumeration (a cut at the row limit, a client gone) closes the connection.
/// <para><b>Cancellation.</b> <paramref name="ct"/> of <see cref="Query"/> cancels the request while it waits for the
/// answer, and afterwards closes the response under a reading row loop: the remote call ends with the client or the
/// deadline, and the caller sees <see cref="OperationCanceledException"/>, as from the engine.</para>
/// <para><b>Failures</b> are <see cref="RemoteStoreException"/>: 503 when the store cannot be reached, 502 when it
/// answers an error, cuts the result at its own row limit (Virtuoso's <c>X-SPARQL-MaxRows</c>: a silent truncation we
/// will not pass on), or sends something that is not a result.</para>
/// </summary>
public sealed class RemoteSparqlEndpoint : IDisposable
{
    private readonly HttpClient _http;
    private readonly HashSet<string> _localOnly = new(StringComparer.Ordinal);

    public RemoteSparqlEndpoint(RemoteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _http = CreateClient(options);
    }

    /// <summary>Property functions (by IRI) only the embedded engine has (the registry's <c>text:query</c>): a query that
    /// names one is refused (403) instead of being answered empty by a store that does not know it. At start-up, before queries.</summary>
    public void AnsweredLocallyOnly(IEnumerable<string> iris) => _localOnly.UnionWith(iris);

    public RemoteStoreOptions Options { get; }

    /// <summary>The query endpoint, for messages and the service description.</summary>
    public Uri Endpoint => Options.QueryEndpoint;

    /// <summary>One client per store: pooled connections, the store's credentials, no overall timeout (each call has its token).</summary>
    internal static HttpClient CreateClient(RemoteStoreOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            Credentials = options.Credentials,
            PreAuthenticate = options.Credentials is not null,
            UseCookies = false,
            AllowAutoRedirect = false,
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// Sends <paramref name="queryText"/> (parsed as <paramref name="query"/>) with the protocol dataset parameters and
    /// returns the answer as a lazy result. The caller enumerates rows or triples to the end or disposes the enumerator.
    /// </summary>
    public QueryResult Query(Query query, string queryText, IReadOnlyList<string> defaultGraphs, IReadOnlyList<string> namedGraphs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(queryText);
        Check(queryText, query);
        bool graph = query.Form is QueryForm.Construct or QueryForm.Describe;
        var form = new List<KeyValuePair<string, string>>(1 + defaultGraphs.Count + namedGraphs.Count) { new("query", queryText) };
        foreach (var g in defaultGraphs) form.Add(new("default-graph-uri", g));
        foreach (var g in namedGraphs) form.Add(new("named-graph-uri", g));
        using var request = new HttpRequestMessage(HttpMethod.Post, Options.QueryEndpoint) { Content = new FormUrlEncodedContent(form) };
        if (graph)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaTypeNames.NTriples));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain", 0.9)); // N-Triples, to stores that predate its media type
        }
        else request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaTypeNames.SparqlJson));

        HttpResponseMessage response;
        try
        {
            response = _http.Send(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw Unreachable(e);
        }
        // From here the response is ours: disposed by the result's enumeration, or here on any failure before it.
        var closeOnCancel = ct.Register(static r => ((HttpResponseMessage)r!).Dispose(), response);
        var owner = new Owner(response, closeOnCancel);
        try
        {
            if (!response.IsSuccessStatusCode) throw Refused(response, ct);
            if (response.Headers.TryGetValues("X-SPARQL-MaxRows", out var max))
                throw new RemoteStoreException(502, $"the SPARQL store at {Endpoint} cut the result at its own limit of {string.Join(",", max)} rows; "
                    + "its limit (Virtuoso: ResultSetMaxRows in [SPARQL]) must be above this endpoint's");
            string type = response.Content.Headers.ContentType?.MediaType?.ToLowerInvariant() ?? "";
            var body = response.Content.ReadAsStream(ct);
            if (graph)
            {
                if (type is not (MediaTypeNames.NTriples or "text/plain"))
                    throw new RemoteStoreException(502, $"the SPARQL store at {Endpoint} answered a graph query with '{type}', not N-Triples");
                return new GraphResult(Guard(NTriplesChunks.Read(body, owner, ct), ct));
            }
            if (type is not (MediaTypeNames.SparqlJson or "application/json"))
                throw new RemoteStoreException(502, $"the SPARQL store at {Endpoint} answered with '{type}', not SPARQL results JSON");
            var result = JsonResultStream.Open(body, owner);
            return result is BindingsResult b ? b with { Rows = Guard(b.Rows, ct) } : result;
        }
        catch (Exception e)
        {
            owner.Dispose();
            if (ct.IsCancellationRequested) throw new OperationCanceledException("the query was cancelled", e, ct);
            if (e is RemoteStoreException) throw;
            if (e is HttpRequestException or IOException or ObjectDisposedException) throw Unreachable(e);
            if (e is SyntaxException or System.Text.Json.JsonException)
                throw new RemoteStoreException(502, $"the SPARQL store at {Endpoint} sent a malformed result: {e.Message}", e);
            throw;
        }
    }

    /// <summary>Refuses what the embedded engine would refuse (SERVICE) and what only it can answer (its property functions).</summary>
    private void Check(string text, Query query)
    {
        var tokens = Tokenizer.Tokenize(text, out _);
        for (int i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.IsWord("SERVICE"))
            {
                // The query parsed: the keyword is a SERVICE clause. Its endpoint follows, after SILENT.
                int at = i + 1 < tokens.Count && tokens[i + 1].IsWord("SILENT") ? i + 2 : i + 1;
                string ep = at < tokens.Count ? tokens[at].Describe() : "?";
                throw new SparqlRefusedException($"SERVICE to {ep} is refused: the endpoint is not in the service allow-list");
            }
            if (_localOnly.Count == 0) continue;
            string? iri = t.Kind == TokenKind.IriRef ? t.Text
                : t.Kind == TokenKind.PName && query.Prefixes.TryGetValue(t.Text, out var ns) ? ns + t.Local : null;
            if (iri is not null && _localOnly.Contains(iri))
                throw new SparqlRefusedException($"<{iri}> is answered by the embedded engine only, and this endpoint forwards queries to an external SPARQL store; "
                    + "full-text search is at /search");
        }
    }

    /// <summary>Rows or triples with the transport's failures told as this class tells them (see the class comment).</summary>
    private IEnumerable<T> Guard<T>(IEnumerable<T> source, CancellationToken ct)
    {
        using var e = source.GetEnumerator();
        while (true)
        {
            T item;
            try
            {
                ct.ThrowIfCancellationRequested();
                if (!e.MoveNext()) yield break;
                item = e.Current;
            }
            catch (Exception x) when (x is not OperationCanceledException && ct.IsCancellationRequested)
            {
                throw new OperationCanceledException("the query was cancelled", x, ct);
            }
            catch (Exception x) when (x is HttpRequestException or IOException or ObjectDisposedException)
            {
                throw new RemoteStoreException(502, $"the SPARQL store at {Endpoint} broke off its answer: {x.Message}", x);
            }
            catch (Exception x) when (x is SyntaxException or System.Text.Json.JsonException)
            {
                throw new RemoteStoreException(502, $"the SPARQL store at {Endpoint} sent a malformed result: {x.Message}", x);
            }
            yield return item;
        }
    }

    private RemoteStoreException Unreachable(Exception e)
    {
        Exception inner = e;
        while (inner.InnerException is { } i) inner = i;
        return new RemoteStoreException(503, $"the SPARQL store at {Endpoint} cannot be reached ({inner.Message.TrimEnd('.')})", e);
    }

    /// <summary>An error answer: its status and the first line of its text (a store's error message says what it disliked).</summary>
    private RemoteStoreException Refused(HttpResponseMessage response, CancellationToken ct) =>
        new(502, $"the SPARQL store at {Endpoint} answered {(int)response.StatusCode} {response.ReasonPhrase}{Excerpt(response, ct)}");

    internal static string Excerpt(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            using var s = response.Content.ReadAsStream(ct);
            var buf = new byte[2048];
            int n = s.ReadAtLeast(buf, buf.Length, throwOnEndOfStream: false);
            var text = System.Text.Encoding.UTF8.GetString(buf, 0, n).Trim();
            foreach (var line in text.Split('\n'))
                if (line.Trim() is { Length: > 0 } l) return ": " + (l.Length <= 300 ? l : l[..300] + "...");
            return "";
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
            return "";
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The response and the cancellation registration that closes it: disposed once, by whoever finishes first.</summary>
    private sealed class Owner(HttpResponseMessage response, CancellationTokenRegistration registration) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            registration.Dispose();
            response.Dispose();
        }
    }
}

/// <summary>
/// N-Triples from a stream, parsed a chunk of whole lines at a time with one blank node scope, so a graph result is
/// passed on while it arrives (a document of N-Triples is a sequence of independent lines: any cut at a line end is a
/// valid document).
/// </summary>
internal static class NTriplesChunks
{
    public static IEnumerable<Triple> Read(Stream input, IDisposable owner, CancellationToken ct)
    {
        try
        {
            var options = new ParserOptions { BlankNodes = new BlankNodeScope() };
            var parser = new NTriplesParser();
            var buf = new byte[256 * 1024];
            int len = 0;
            var batch = new List<Triple>();
            var sink = new DelegateSink(q => batch.Add(q.Triple));
            while (true)
            {
                if (len == buf.Length) Array.Resize(ref buf, buf.Length * 2); // one line longer than the buffer
                int n = input.Read(buf, len, buf.Length - len);
                bool end = n == 0;
                len += n;
                int cut = end || len == 0 ? len : Array.LastIndexOf(buf, (byte)0x0A, len - 1, len) + 1;
                if (cut > 0)
                {
                    ((IRdfParser)parser).Parse(new MemoryStream(buf, 0, cut, writable: false), sink, options);
                    Buffer.BlockCopy(buf, cut, buf, 0, len - cut);
                    len -= cut;
                    foreach (var t in batch) yield return t;
                    batch.Clear();
                }
                if (end) yield break;
                ct.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            owner.Dispose();
        }
    }
}
