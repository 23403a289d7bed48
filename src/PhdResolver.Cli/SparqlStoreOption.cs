using System.CommandLine;
using PhdResolver.Rdf;
using PhdResolver.Sparql.Remote;

namespace PhdResolver.Cli;

/// <summary>
/// <c>--sparql-store URL [--sparql-store-gsp URL] [--sparql-store-credentials FILE]</c> of <c>phd serve</c>: an external
/// SPARQL 1.1 store answers /sparql and holds a copy of every graph (<see cref="GraphStoreMirror"/>). The credentials
/// (<c>user:password</c>) come from the file's first line or from <c>$PHD_SPARQL_STORE_CREDENTIALS</c>, never from the
/// command line, which process listings and logs show.
/// </summary>
internal sealed class SparqlStoreOption
{
    public Option<string?> Query { get; } = new("--sparql-store")
    {
        Description = "an external SPARQL 1.1 query endpoint (e.g. Virtuoso's http://host:8890/sparql) that answers /sparql; every graph is copied there in each write",
    };

    public Option<string?> GraphStore { get; } = new("--sparql-store-gsp")
    {
        Description = "its Graph Store Protocol endpoint (default for Virtuoso: .../sparql-graph-crud-auth with credentials, .../sparql-graph-crud without)",
    };

    public Option<string?> Credentials { get; } = new("--sparql-store-credentials")
    {
        Description = $"a file whose first line is user:password for the store (default: ${RemoteStoreOptions.CredentialsVariable})",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Query);
        command.Options.Add(GraphStore);
        command.Options.Add(Credentials);
    }

    /// <summary>The options given, or null without <c>--sparql-store</c>; a usage error as <see cref="UsageException"/>.</summary>
    public RemoteStoreOptions? Parse(ParseResult pr)
    {
        string? query = pr.GetValue(Query), gsp = pr.GetValue(GraphStore), file = pr.GetValue(Credentials);
        if (query is null)
        {
            if (gsp is not null || file is not null) throw new UsageException("--sparql-store-gsp and --sparql-store-credentials need --sparql-store");
            return null;
        }
        var q = Endpoint("--sparql-store", query);
        System.Net.NetworkCredential? credential;
        string? error;
        if (file is not null)
        {
            string text;
            try { text = File.ReadAllText(file); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new UsageException($"--sparql-store-credentials: {e.Message}"); }
            credential = RemoteStoreOptions.ParseCredentials(text, "--sparql-store-credentials " + file, out error);
            if (credential is null) throw new UsageException(error ?? $"--sparql-store-credentials: {file} is empty");
        }
        else
        {
            credential = RemoteStoreOptions.ParseCredentials(Environment.GetEnvironmentVariable(RemoteStoreOptions.CredentialsVariable),
                "$" + RemoteStoreOptions.CredentialsVariable, out error);
            if (error is not null) throw new UsageException(error);
        }
        var g = gsp is not null ? Endpoint("--sparql-store-gsp", gsp)
            : RemoteStoreOptions.DefaultGraphStore(q, credential is not null)
              ?? throw new UsageException($"--sparql-store-gsp: needed, since {q} does not end in /sparql (no default Graph Store Protocol endpoint)");
        return new RemoteStoreOptions { QueryEndpoint = q, GraphStoreEndpoint = g, Credentials = credential };
    }

    private static Uri Endpoint(string option, string text)
    {
        if (IriSyntax.CheckAbsolute(text, IriSyntax.Web) is not null || !Uri.TryCreate(text, UriKind.Absolute, out var uri))
            throw new UsageException($"{option}: not an absolute http or https URL: {text}");
        if (!string.IsNullOrEmpty(uri.UserInfo)) throw new UsageException($"{option}: credentials do not belong in the URL; use --sparql-store-credentials FILE or ${RemoteStoreOptions.CredentialsVariable}");
        return uri;
    }
}
