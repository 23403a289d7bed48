using System.Net;

namespace PhdResolver.Sparql.Remote;

/// <summary>
/// Where an external SPARQL store is (<c>phd serve --sparql-store URL</c>): its SPARQL 1.1 Protocol query endpoint and
/// its Graph Store Protocol endpoint, and the credentials for both. The credentials come from the environment or a
/// file, never from the command line (which shows in process lists and logs); they are sent by HTTP Basic or Digest
/// authentication, whichever the store asks for.
/// </summary>
public sealed record RemoteStoreOptions
{
    /// <summary>Environment variable holding <c>user:password</c> for the store.</summary>
    public const string CredentialsVariable = "PHD_SPARQL_STORE_CREDENTIALS";

    /// <summary>The query endpoint (Virtuoso: <c>http://host:8890/sparql</c>).</summary>
    public required Uri QueryEndpoint { get; init; }

    /// <summary>The Graph Store Protocol endpoint; graphs are named by its <see cref="GraphParameter"/> parameter.</summary>
    public required Uri GraphStoreEndpoint { get; init; }

    /// <summary>The query parameter that names a graph at <see cref="GraphStoreEndpoint"/>: <c>graph</c> (GSP §4.2).</summary>
    public string GraphParameter { get; init; } = "graph";

    public NetworkCredential? Credentials { get; init; }

    /// <summary>How long one graph write of a commit may take before the commit is refused.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one graph write of a repair or an initial sync may take (graphs can be large there).</summary>
    public TimeSpan SyncTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The Graph Store Protocol endpoint a query endpoint implies. Virtuoso's is beside <c>/sparql</c>:
    /// <c>/sparql-graph-crud-auth</c> (digest authentication, the user needs SPARQL_UPDATE) when there are credentials,
    /// else <c>/sparql-graph-crud</c> (which writes only if the anonymous SPARQL user was granted SPARQL_UPDATE). Any
    /// other endpoint path gets no default: the caller must name it.
    /// </summary>
    public static Uri? DefaultGraphStore(Uri query, bool credentials)
    {
        ArgumentNullException.ThrowIfNull(query);
        string path = query.AbsolutePath.TrimEnd('/');
        if (!path.EndsWith("/sparql", StringComparison.Ordinal)) return null;
        return new UriBuilder(query) { Path = path + (credentials ? "-graph-crud-auth" : "-graph-crud"), Query = "" }.Uri;
    }

    /// <summary>
    /// <c>user:password</c> (the first line of a file, or <see cref="CredentialsVariable"/>) as a credential; the
    /// password may contain ':'. Null for null or blank text; an error message (that never repeats the text) otherwise.
    /// </summary>
    public static NetworkCredential? ParseCredentials(string? text, string source, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text)) return null;
        var line = text.Split('\n', 2)[0].TrimEnd('\r');
        int colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            error = $"{source}: expected user:password";
            return null;
        }
        return new NetworkCredential(line[..colon], line[(colon + 1)..]);
    }
}

/// <summary>
/// The external SPARQL store failed a query: unreachable (<see cref="Status"/> 503: come back later) or it answered
/// with an error or with something that is not a result (502). The message names the store and says what happened, in
/// words a client can act on; it never carries credentials.
/// </summary>
public sealed class RemoteStoreException(int status, string message, Exception? inner = null) : Exception(message, inner)
{
    public int Status { get; } = status;
}
