using System.Text.Json;
using PhdResolver.Nboq.Import;
using PhdResolver.Rdf;

namespace PhdResolver.Registry;

/// <summary>
/// How registration input is read, in one place for the write API, <c>POST /api/batch</c> and
/// <c>phd import</c>: the JSON binding of the record inputs (<see cref="NewFacility"/>, ...) and the
/// decoding of a submitted descriptor. A field added to an input record is read by all three.
/// </summary>
public static class RecordInput
{
    /// <summary>The binding of record JSON: property names case-insensitive, unknown properties ignored.</summary>
    public static JsonSerializerOptions Json { get; } = new() { PropertyNameCaseInsensitive = true };

    /// <summary>
    /// Relative IRIs of a submission resolve under a reserved name (.invalid never resolves), never
    /// under our base: the registry mints every IRI subject as {base}phd:ACC#slug, and refuses
    /// subjects under its base that name something else.
    /// </summary>
    public static ParserOptions Submitted { get; } = new() { BaseIri = "https://submission.invalid/" };

    /// <summary>The media types a descriptor may be sent as (the single write API's Content-Type, a batch line's <c>contentType</c>).</summary>
    public static IReadOnlyList<string> DescriptorMediaTypes { get; } = ["text/turtle", "application/ld+json", "application/json"];

    /// <summary>
    /// The syntax of a submitted descriptor from its media type (the write API's Content-Type, a batch line's
    /// <c>contentType</c>) or its file name (an upload, an import): Turtle, JSON-LD, any RDF syntax by extension,
    /// or (<paramref name="format"/> null) a Micro-Meta App file: <c>application/json</c>, or a <c>.json</c> file that
    /// is not JSON-LD (a file name may have a directory). False when it names none of these. The one place this is decided (API, staff UI, batch, import).
    /// </summary>
    public static bool TryDescriptorFormat(string mediaTypeOrFileName, string text, out RdfFormat? format)
    {
        format = null;
        string type = mediaTypeOrFileName.Split(';')[0].Trim().ToLowerInvariant();
        switch (type)
        {
            case "text/turtle": format = RdfFormat.Turtle; return true;
            case "application/ld+json": format = RdfFormat.JsonLd; return true;
            case "application/json": return true;
        }
        if (type.EndsWith(".json", StringComparison.Ordinal))
        {
            if (LooksLikeJsonLd(text)) format = RdfFormat.JsonLd;
            return true;
        }
        if (RdfFormats.TryFromFileName(type, out var f)) { format = f; return true; }
        return false;
    }

    /// <summary>Reads <paramref name="text"/> as <paramref name="format"/> (null: a Micro-Meta App file, imported to NBO-Q),
    /// relative IRIs under <see cref="Submitted"/>. Throws the parsers' errors; checks nothing else.</summary>
    public static Dataset Decode(string text, RdfFormat? format)
    {
        if (format is { } f) return Dataset.Parse(text, f, Submitted);
        using var ms = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        return MmaImporter.Import(ms, new ImportOptions { BaseIri = Submitted.BaseIri + "mma/" }).Data;
    }

    /// <summary>
    /// A descriptor as submitted (<see cref="TryDescriptorFormat"/>, <see cref="Decode"/>), checked for what every
    /// record must be: not empty, and servable as RDF/XML (README "Input limits and characters").
    /// Throws <see cref="RdfSyntaxException"/> (line and column), <see cref="MmaImportException"/>,
    /// <see cref="JsonException"/>, and <see cref="RegistryException"/> for an unknown type, an empty graph, or
    /// characters XML 1.0 cannot carry.
    /// </summary>
    public static Dataset ParseDescriptor(string text, string mediaTypeOrFileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(mediaTypeOrFileName);
        if (!TryDescriptorFormat(mediaTypeOrFileName, text, out var format))
            throw new RegistryException(RegistryErrorKind.Invalid, $"'{mediaTypeOrFileName}' is not a descriptor type: send {string.Join(", ", DescriptorMediaTypes)}, or name a file by its RDF syntax");
        var ds = Decode(text, format);
        if (Refusal(ds, out _) is { } why) throw new RegistryException(RegistryErrorKind.Invalid, why);
        return ds;
    }

    /// <summary>
    /// Why a decoded descriptor cannot be a record, or null: it is empty, or it has characters XML 1.0 cannot
    /// carry (<paramref name="characters"/> says where), since every record must be servable as RDF/XML.
    /// </summary>
    public static string? Refusal(Dataset ds, out XmlCharProblem? characters)
    {
        characters = null;
        if (ds.Count == 0) return "the descriptor is empty";
        characters = XmlChars.Find(ds);
        return characters?.Message;
    }

    /// <summary>JSON-LD has "@context" (or "@graph"/"@id") at the top; Micro-Meta App files never do.</summary>
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

    /// <summary>
    /// One line of a batch (NDJSON, <c>POST /api/batch</c>): a JSON object whose <c>type</c> is <c>facility</c>,
    /// <c>model</c>, <c>instance</c> or <c>descriptor</c>. The first three are bound exactly like the single
    /// write API's bodies (<see cref="Json"/>); a descriptor line has <c>instance</c> (PID or <c>ref:KEY</c>),
    /// <c>tier</c>, <c>contentType</c> (one of <see cref="DescriptorMediaTypes"/>) and <c>content</c> (a string,
    /// or for JSON types the JSON itself). Any line may have <c>key</c> (see <see cref="BatchItem.Key"/>).
    /// Throws <see cref="BatchRecordException"/> naming <paramref name="position"/>.
    /// </summary>
    /// <param name="impliedType">the type the record must have when its place says it (<c>phd import</c>: the folder); then <c>type</c> may be left out</param>
    public static BatchItem ParseBatchLine(string line, int index, string position, string? impliedType = null)
    {
        ArgumentNullException.ThrowIfNull(line);
        try
        {
            using var doc = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 256 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Bad("a record is a JSON object" + (impliedType is null ? " with a \"type\"" : ""), null);
            string? type = Text(root, "type") ?? impliedType;
            if (impliedType is not null && type != impliedType) throw Bad($"a {type} record in the place of a {impliedType}", "type");
            string? key = Text(root, "key");
            if (key is { Length: 0 }) throw Bad("key: empty", "key");
            return type switch
            {
                "facility" => new BatchFacility { Position = position, Key = key, Input = Bind<NewFacility>(root) },
                "model" => new BatchModel { Position = position, Key = key, Input = Bind<NewModel>(root) },
                "instance" => new BatchInstance { Position = position, Key = key, Input = Bind<NewInstance>(root) },
                "descriptor" => Descriptor(root),
                null => throw Bad("\"type\" is required: facility, model, instance or descriptor", "type"),
                _ => throw Bad($"unknown type '{type}': facility, model, instance or descriptor", "type"),
            };

            BatchDescriptor Descriptor(JsonElement e)
            {
                string instance = Text(e, "instance") ?? throw Bad("instance is required (its PID, or ref:KEY of an earlier line)", "instance");
                int tier = e.TryGetProperty("tier", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt32(out int n) ? n
                    : throw Bad("tier is required: 1, 2 or 3", "tier");
                string contentType = Text(e, "contentType") ?? throw Bad($"contentType is required: {string.Join(", ", DescriptorMediaTypes)}", "contentType");
                if (!DescriptorMediaTypes.Contains(contentType.Split(';')[0].Trim().ToLowerInvariant()))
                    throw Bad($"contentType '{contentType}' is not one of {string.Join(", ", DescriptorMediaTypes)}", "contentType");
                if (!e.TryGetProperty("content", out var c) || c.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
                    throw Bad("content is required", "content");
                string text = c.ValueKind == JsonValueKind.String ? c.GetString()! : c.GetRawText();
                return ParseDescriptorRecord(text, contentType, instance, tier, index, position, "content", key);
            }
        }
        catch (JsonException e)
        {
            throw Bad("malformed JSON: " + e.Message.Split(" Path:", 2)[0], null, e);
        }

        BatchRecordException Bad(string reason, string? field, Exception? inner = null) =>
            new(index, position, reason, RegistryErrorKind.Invalid, inner) { Field = field };
    }

    /// <summary>
    /// A whole NDJSON batch: one record per non-blank line (positions <c>line N</c>), parsed in parallel (descriptors
    /// dominate). The first bad line in input order refuses the batch (<see cref="BatchRecordException"/>).
    /// </summary>
    public static List<BatchItem> ParseBatch(string ndjson, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ndjson);
        var lines = new List<(string Text, int Line)>();
        int lineNo = 0;
        foreach (var range in ndjson.AsSpan().Split('\n'))
        {
            lineNo++;
            var text = ndjson.AsSpan()[range].TrimEnd('\r');
            if (!text.IsWhiteSpace()) lines.Add((text.ToString(), lineNo));
        }
        var items = new BatchItem[lines.Count];
        var failures = new System.Collections.Concurrent.ConcurrentDictionary<int, BatchRecordException>();
        Parallel.For(0, lines.Count, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount }, (k, loop) =>
        {
            try { items[k] = ParseBatchLine(lines[k].Text, k, "line " + lines[k].Line.ToString(System.Globalization.CultureInfo.InvariantCulture)); }
            catch (BatchRecordException e)
            {
                failures[k] = e;
                loop.Break(); // the lower lines still run: the first bad line is the one reported
            }
        });
        if (!failures.IsEmpty) throw failures[failures.Keys.Min()];
        return [.. items];
    }

    /// <summary>
    /// A descriptor record from its text (<see cref="ParseDescriptor"/>); a refusal names <paramref name="position"/>
    /// and, for syntax errors, the line and column inside the descriptor.
    /// </summary>
    public static BatchDescriptor ParseDescriptorRecord(string text, string mediaTypeOrFileName, string instance, int tier, int index, string position, string? field = null, string? key = null)
    {
        try
        {
            return new BatchDescriptor { Position = position, Key = key, Instance = instance, Tier = tier, Graph = ParseDescriptor(text, mediaTypeOrFileName) };
        }
        catch (Exception x) when (x is RdfSyntaxException or MmaImportException or RegistryException or JsonException)
        {
            string reason = x switch
            {
                RdfSyntaxException r => "the descriptor could not be parsed: " + r.Reason + (r.Line > 0 ? $" ({(field is null ? "" : field + " ")}line {r.Line}, column {r.Column})" : ""),
                MmaImportException => "the Micro-Meta App file could not be imported: " + x.Message,
                JsonException => "malformed JSON: " + x.Message.Split(" Path:", 2)[0],
                _ => x.Message,
            };
            throw new BatchRecordException(index, position, reason, RegistryErrorKind.Invalid, x) { Field = field };
        }
    }

    private static string? Text(JsonElement e, string name)
    {
        foreach (var p in e.EnumerateObject())
            if (p.NameEquals(name) || string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
                return p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.GetRawText();
        return null;
    }

    /// <summary>The record input bound as the single write API binds its body; a missing required field is a refusal naming it.</summary>
    private static T Bind<T>(JsonElement e) =>
        e.Deserialize<T>(Json) ?? throw new JsonException("the record is empty");
}
