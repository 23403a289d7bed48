using System.Text.Json;
using PhdResolver.Nboq.Import;
using PhdResolver.Rdf;

namespace PhdResolver.Web.Infrastructure;

/// <summary>
/// A submitted descriptor (the write API's body, a staff upload) read into a dataset, or refused with the
/// problem to answer: a syntax error with line and column (400), a Micro-Meta App file that cannot be
/// imported (422), an empty descriptor or characters XML cannot carry (422). Nothing is stored here.
/// </summary>
internal static class DescriptorInput
{
    /// <summary>
    /// Relative IRIs of a submission resolve under a reserved name (.invalid never resolves), never
    /// under our base: the registry mints every IRI subject as {base}phd:ACC#slug, and refuses
    /// subjects under its base that name something else.
    /// </summary>
    private static readonly ParserOptions Submitted = new() { BaseIri = "https://submission.invalid/" };

    /// <summary>The outcome: <see cref="Data"/>, or the refusal's status, detail and problem extensions.</summary>
    public sealed record Parsed(Dataset? Data, int Status = 200, string? Detail = null, IReadOnlyDictionary<string, object?>? Extensions = null);

    /// <summary>The media types the write API accepts: Turtle, JSON-LD, and Micro-Meta App JSON (format null).</summary>
    public static bool TryFormatOfMediaType(string mediaType, out RdfFormat? format)
    {
        format = null;
        switch (mediaType)
        {
            case "text/turtle": format = RdfFormat.Turtle; return true;
            case "application/ld+json": format = RdfFormat.JsonLd; return true;
            case "application/json": return true; // a Micro-Meta App file
            default: return false;
        }
    }

    /// <summary>
    /// An uploaded file's format from its name: <c>.json</c> is a Micro-Meta App file unless it is JSON-LD
    /// (a top-level <c>@context</c>, <c>@graph</c> or <c>@id</c>; Micro-Meta App files never have one); other
    /// names by their RDF extension (.ttl, .trig, .jsonld, .nt, .nq, .rdf). Format null: Micro-Meta App.
    /// </summary>
    public static bool TryFormatOfFile(string fileName, string text, out RdfFormat? format)
    {
        format = null;
        if (fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            if (LooksLikeJsonLd(text)) format = RdfFormat.JsonLd;
            return true;
        }
        if (RdfFormats.TryFromFileName(fileName, out var f)) { format = f; return true; }
        return false;
    }

    private static bool LooksLikeJsonLd(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = MmaImporter.MaxJsonDepth });
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > 0) root = root[0];
            return root.ValueKind == JsonValueKind.Object
                && (root.TryGetProperty("@context", out _) || root.TryGetProperty("@graph", out _) || root.TryGetProperty("@id", out _));
        }
        catch (JsonException)
        {
            return false; // the importer reports the syntax error with its position
        }
    }

    /// <summary>Parses <paramref name="text"/> as <paramref name="format"/> (null: a Micro-Meta App file, imported to NBO-Q).</summary>
    public static Parsed Parse(string text, RdfFormat? format)
    {
        try
        {
            Dataset ds;
            if (format is { } f) ds = Dataset.Parse(text, f, Submitted);
            else
                using (var ms = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)))
                    ds = MmaImporter.Import(ms, new ImportOptions { BaseIri = Submitted.BaseIri + "mma/" }).Data;
            if (ds.Count == 0) return new(null, 422, "the descriptor is empty");
            // XML 1.0 character policy (README): what RDF/XML and SPARQL XML results cannot carry is refused here.
            if (XmlChars.Find(ds) is { } bad)
                return new(null, 422, bad.Message, new Dictionary<string, object?>
                    { ["position"] = bad.Position, ["character"] = bad.Index + 1, ["codePoint"] = $"U+{bad.CodePoint:X4}" });
            return new(ds);
        }
        catch (RdfSyntaxException e)
        {
            var ext = new Dictionary<string, object?>();
            if (e.Line > 0) { ext["line"] = e.Line; ext["column"] = e.Column; }
            if (e.JsonPath is not null) ext["jsonPath"] = e.JsonPath;
            return new(null, 400, "the descriptor could not be parsed: " + e.Reason, ext);
        }
        catch (MmaImportException e)
        {
            return new(null, 422, "the Micro-Meta App file could not be imported: " + e.Message);
        }
        catch (JsonException e)
        {
            return new(null, 400, "malformed JSON: " + e.Message.Split(" Path:", 2)[0]);
        }
    }
}
