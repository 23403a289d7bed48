using System.Text.Json.Nodes;

namespace PhdResolver.Rdf.JsonLd;

/// <summary>The JSON-LD 1.1 API options (JsonLdOptions in the JSON-LD 1.1 Processing Algorithms and API).</summary>
public sealed record JsonLdOptions
{
    /// <summary>The base IRI; defaults to the document's URL.</summary>
    public string? Base { get; init; }

    /// <summary>A context applied before the document's own (the API's expandContext option).</summary>
    public JsonNode? ExpandContext { get; init; }

    /// <summary>"json-ld-1.1" (default) or "json-ld-1.0".</summary>
    public string ProcessingMode { get; init; } = "json-ld-1.1";

    /// <summary>Resolves remote contexts. The default loader never touches the network.</summary>
    public IDocumentLoader DocumentLoader { get; init; } = LocalDocumentLoader.Default;

    public bool CompactArrays { get; init; } = true;
    public bool CompactToRelative { get; init; } = true;
    public bool Ordered { get; init; }
    public bool ProduceGeneralizedRdf { get; init; }

    /// <summary>null, "i18n-datatype" or "compound-literal".</summary>
    public string? RdfDirection { get; init; }

    public bool UseNativeTypes { get; init; }
    public bool UseRdfType { get; init; }

    /// <summary>JSON-LD 1.1 omitGraph (null: decided by processing mode).</summary>
    public bool? OmitGraph { get; init; }

    /// <summary>
    /// Not an API option: set by <see cref="JsonLdWriter"/>. An rdf:JSON literal whose lexical form is not JSON
    /// is an error for the fromRdf algorithm ("invalid JSON literal", as the W3C suite requires), but it is
    /// valid RDF (an ill-typed literal), and a writer must not refuse valid data (fuzzing found it): with this
    /// set it is written as a value typed with the rdf:JSON IRI (not <c>@json</c>), which reads back as the same literal.
    /// </summary>
    internal bool KeepInvalidJsonLiterals { get; init; }
}

/// <summary>A loaded remote document (context or input).</summary>
public sealed record RemoteDocument(string DocumentUrl, JsonNode? Document, string? ContextUrl = null, string? ContentType = null);

/// <summary>Loads remote documents. Implementations must not reach the network unless an operator allowed it.</summary>
public interface IDocumentLoader
{
    /// <exception cref="RdfSyntaxException">With ErrorCode "loading document failed" (or "loading remote context failed" as the caller maps it).</exception>
    RemoteDocument Load(string url);
}

/// <summary>
/// Serves documents from local files only: a map from URL prefix to a folder (used by the test
/// harness to map https://w3c.github.io/json-ld-api/tests/ to the local suite) and an in-memory
/// table of bundled contexts. Anything else fails with "loading document failed".
/// </summary>
public sealed class LocalDocumentLoader : IDocumentLoader
{
    public static readonly LocalDocumentLoader Default = new();

    private readonly List<(string Prefix, string Folder)> _folders = [];
    private readonly Dictionary<string, string> _documents = new(StringComparer.Ordinal);

    /// <summary>Maps every URL starting with <paramref name="urlPrefix"/> to a file under <paramref name="folder"/>.</summary>
    public LocalDocumentLoader MapFolder(string urlPrefix, string folder)
    {
        _folders.Add((urlPrefix, folder));
        return this;
    }

    /// <summary>Registers a bundled document (JSON text) under a URL.</summary>
    public LocalDocumentLoader Add(string url, string json)
    {
        _documents[url] = json;
        return this;
    }

    public RemoteDocument Load(string url)
    {
        string key = url;
        int hash = key.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0) key = key[..hash];
        if (_documents.TryGetValue(key, out var text))
            return new RemoteDocument(url, ParseJson(text, url), null, "application/ld+json");
        foreach (var (prefix, folder) in _folders)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var rel = key[prefix.Length..];
            int q = rel.IndexOf('?', StringComparison.Ordinal);
            if (q >= 0) rel = rel[..q];
            var full = Path.GetFullPath(Path.Combine(folder, rel));
            // Never let "../" in a URL escape the mapped folder.
            if (!full.StartsWith(Path.GetFullPath(folder), StringComparison.Ordinal) || !File.Exists(full)) break;
            return new RemoteDocument(url, ParseJson(File.ReadAllText(full), url), null, "application/ld+json");
        }
        throw new RdfSyntaxException($"cannot load {url}: remote documents are only read from local bundles", "$", "loading document failed");
    }

    private static JsonNode? ParseJson(string text, string url)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: JsonLdParser.JsonDocumentOptions);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new RdfSyntaxException($"{url} is not valid JSON: {e.Message}", "$", "loading document failed", e);
        }
    }
}
