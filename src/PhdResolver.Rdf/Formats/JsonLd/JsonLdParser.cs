using System.Text.Json;
using System.Text.Json.Nodes;
using PhdResolver.Rdf.JsonLd;

namespace PhdResolver.Rdf;

/// <summary>
/// Reads JSON-LD as RDF: parses the JSON, then runs the JSON-LD 1.1 toRdf algorithm into the sink.
/// JSON-LD options (document loader, processing mode, rdfDirection, ...) come from
/// <see cref="ParserOptions.FormatOptions"/> when it is a <see cref="JsonLdOptions"/>; the base IRI
/// from <see cref="ParserOptions.BaseIri"/> unless the JSON-LD options set one.
/// </summary>
/// <remarks>
/// JSON-LD relabels blank nodes itself (node map generation), so every document gets fresh
/// blank nodes whatever <see cref="ParserOptions.BlankNodes"/> says. The whole document is held in
/// memory: expansion needs it all before the first quad can be produced.
/// </remarks>
public sealed class JsonLdParser : IRdfParser
{
    /// <summary>
    /// JSON nesting accepted: every object and array is one level, <see cref="RdfLimits.MaxJsonNesting"/>
    /// in all (System.Text.Json refuses deeper input with its line and column, before any recursion).
    /// Duplicate keys in one object are a syntax error with their position (fuzzing found them
    /// escaping later as an ArgumentException from JsonObject, which a server would answer with 500).
    /// </summary>
    internal static readonly JsonDocumentOptions JsonDocumentOptions = new() { MaxDepth = RdfLimits.MaxJsonNesting, AllowDuplicateProperties = false };

    public RdfFormat Format => RdfFormat.JsonLd;

    /// <summary>Parses UTF-8 bytes; invalid UTF-8 is a syntax error at its byte offset, never replaced by U+FFFD.</summary>
    public void Parse(Stream input, IRdfSink sink, ParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        string text;
        try
        {
            text = StrictUtf8.ReadToEnd(input);
        }
        catch (InvalidUtf8Exception e)
        {
            throw new RdfSyntaxException(e.Message, "$") { ErrorCode = "loading document failed" };
        }
        Parse(new StringReader(text), sink, options);
    }

    public void Parse(TextReader input, IRdfSink sink, ParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(sink);
        options ??= ParserOptions.Default;
        var jsonLdOptions = options.FormatOptions as JsonLdOptions ?? new JsonLdOptions();
        if (jsonLdOptions.Base is null && options.BaseIri is not null)
            jsonLdOptions = jsonLdOptions with { Base = options.BaseIri };

        JsonNode? document;
        try
        {
            document = JsonNode.Parse(input.ReadToEnd(), documentOptions: JsonDocumentOptions);
        }
        catch (JsonException e)
        {
            // LineNumber and BytePositionInLine are 0-based; people count from 1.
            long line = (e.LineNumber ?? 0) + 1;
            long column = (e.BytePositionInLine ?? 0) + 1;
            throw new RdfSyntaxException($"invalid JSON: {FirstSentence(e.Message)}", line, column, e)
            {
                ErrorCode = "loading document failed",
            };
        }
        if (jsonLdOptions.Base is { } b) sink.OnBase(b);
        ReportPrefixes(document, sink, jsonLdOptions);
        JsonLdProcessor.ToRdf(document, sink, jsonLdOptions);
    }

    /// <summary>
    /// Tells the sink about the prefixes of the top-level context, so writers of prefixed syntaxes
    /// (Turtle, TriG) can keep the author's abbreviations. Errors are left for ToRdf to report.
    /// </summary>
    private static void ReportPrefixes(JsonNode? document, IRdfSink sink, JsonLdOptions options)
    {
        if (document is not JsonObject obj || !obj.TryGetPropertyValue("@context", out var context)) return;
        ActiveContext active;
        try
        {
            active = ActiveContext.Create(options, options.Base).Process(context, options.Base);
        }
        catch (RdfSyntaxException)
        {
            return;
        }
        foreach (var (term, definition) in active.Terms)
        {
            if (definition.Prefix && !definition.ReverseProperty && definition.IriMapping is { } iri && IriResolver.IsAbsolute(iri))
                sink.OnPrefix(term, iri);
        }
    }

    /// <summary>System.Text.Json messages repeat the position we already report separately.</summary>
    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
