using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using PhdResolver.Rdf;

namespace PhdResolver.Nboq.Import;

/// <summary>
/// Imports Micro-Meta App files into NBO-Q RDF: Instrument (microscope) files of model 1.x ("Microscope.json")
/// and 2.x ("Instrument.json"), Image (acquisition settings) files, and the 4DN portal's flat
/// microscope_setting records; each plain or wrapped in a 4DN portal record.
/// </summary>
public static class MmaImporter
{
    public const string ImporterVersion = "0.1.0";
    public static readonly Iri ImporterAgent = new("https://w3id.org/nbo-q/tools/mma-importer/" + ImporterVersion);

    private static readonly HashSet<string> InstrumentOwnKeys = new(StringComparer.Ordinal)
    {
        "ID", "Name", "Description", "Tier", "ValidationTier", "Schema_ID", "AppVersion", "ModelVersion", "Version",
        "ScalingFactor", "components", "linkedFields", "MicroscopeStand",
    };

    public static ImportResult Import(Stream json, ImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        options ??= new ImportOptions();
        if (!options.BaseIri.EndsWith('/') && !options.BaseIri.EndsWith('#'))
            throw new ArgumentException("the base IRI must end in '/' or '#'", nameof(options));

        using var buffer = new MemoryStream();
        json.CopyTo(buffer);
        var bytes = buffer.ToArray();
        // Invalid UTF-8 inside a JSON string only surfaces when the string is read (as an
        // InvalidOperationException, found by fuzzing): refuse it up front, with its byte offset.
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            try { PhdResolver.Rdf.StrictUtf8.Decode(bytes); }
            catch (PhdResolver.Rdf.InvalidUtf8Exception e) { throw new MmaImportException("not a Micro-Meta App file: " + e.Message); }
        }
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = MaxJsonDepth });
        }
        catch (JsonException e)
        {
            throw new MmaImportException($"not valid JSON: {FirstSentence(e.Message)}", (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1, e);
        }

        using (doc)
        {
            var ctx = new ImportContext(NboqVocabulary.Default, options);
            var root = doc.RootElement;
            string rootPath = "$";
            if (root.ValueKind == JsonValueKind.Array)
            {
                // Portal inserts are arrays of one object.
                if (root.GetArrayLength() != 1 || root[0].ValueKind != JsonValueKind.Object)
                    throw new MmaImportException($"$: expected one Micro-Meta App object, found an array of {root.GetArrayLength()} items");
                root = root[0];
                rootPath = "$[0]";
            }
            if (root.ValueKind != JsonValueKind.Object)
                throw new MmaImportException($"$: not a Micro-Meta App file: the top level is a {root.ValueKind}, not an object");

            Iri subject;
            if (root.TryGetProperty("microscope", out var wrapped) && wrapped.ValueKind == JsonValueKind.Object)
            {
                subject = ImportInstrument(ctx, wrapped, rootPath + ".microscope");
                ctx.Report.MappedCount++;   // the "microscope" key itself
                PortalFields(ctx, subject, root, rootPath, "microscope");
            }
            else if (SchemaId(root) is "Instrument.json" or "Microscope.json")
                subject = ImportInstrument(ctx, root, rootPath);
            else if (SchemaId(root) == "Image.json")
                subject = ImageImport.Import(ctx, root, rootPath);
            else if (PortalSettingImport.Recognises(root))
                subject = PortalSettingImport.Import(ctx, root, rootPath);
            else
                throw new MmaImportException(SchemaId(root) is { } s
                    ? $"{rootPath}.Schema_ID: not a Micro-Meta App Instrument or Image file: Schema_ID is '{s}' (expected Instrument.json, Microscope.json or Image.json)"
                    : $"{rootPath}: not a Micro-Meta App file: it has no Schema_ID, no 4DN portal 'microscope' and no microscope_setting fields");

            Provenance(ctx, subject, sha);
            return new ImportResult(ctx.Data, ctx.Report, subject);
        }
    }

    /// <summary>Imports a file from disk.</summary>
    /// <summary>
    /// JSON nesting accepted (objects and arrays each count): Micro-Meta App files nest about 6 deep;
    /// deeper input is a syntax error with its position, before the importer's recursive walk starts.
    /// </summary>
    public const int MaxJsonDepth = 64;

    public static ImportResult ImportFile(string path, ImportOptions? options = null)
    {
        using var s = File.OpenRead(path);
        options ??= new ImportOptions();
        return Import(s, new ImportOptions { BaseIri = options.BaseIri, Time = options.Time, SourceName = options.SourceName ?? Path.GetFileName(path), KeepDanglingLinks = options.KeepDanglingLinks });
    }

    /// <summary>
    /// The data-model versions this importer knows: 1.x (Microscope.json, e.g. 1.05.3) and 2.x (Instrument.json,
    /// e.g. 2.01.0). Another major version may rename or move fields, so it is refused rather than half-imported.
    /// </summary>
    internal static void CheckModelVersion(string? version, string path)
    {
        if (version is null) return;   // hand-written files often omit it; the fields decide
        var v = version.Trim();
        if (v.StartsWith("1.", StringComparison.Ordinal) || v.StartsWith("2.", StringComparison.Ordinal) || v is "1" or "2") return;
        throw new MmaImportException($"{path}: unknown Micro-Meta App model version '{version}' (this importer reads models 1.x and 2.x); nothing was imported");
    }

    internal static string? SchemaId(JsonElement o) =>
        o.TryGetProperty("Schema_ID", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;

    private static string FirstSentence(string m) { var i = m.IndexOf(" Path:", StringComparison.Ordinal); return i > 0 ? m[..i] : m; }

    private static Iri ImportInstrument(ImportContext ctx, JsonElement mic, string path)
    {
        var report = ctx.Report;
        report.Kind = "Instrument";
        var legacy = SchemaId(mic) == "Microscope.json" || (!mic.TryGetProperty("ModelVersion", out _) && mic.TryGetProperty("Version", out _));
        ctx.LegacyModel = legacy;
        report.ModelVersion = Str(mic, legacy ? "Version" : "ModelVersion");
        CheckModelVersion(report.ModelVersion, $"{path}.{(legacy ? "Version" : "ModelVersion")}");

        var instId = Str(mic, "ID") ?? throw new MmaImportException("the microscope has no ID, so its components cannot be named stably");
        var inst = new Iri(ctx.Mint("instrument/" + ImportContext.Segment(instId)));
        ctx.LayoutGraph = new Iri(inst.Value + "/layout");
        ctx.Add(inst, Vocab.Rdf.Type, Nboq.Instrument);
        report.NodePaths[inst] = path;

        var components = mic.TryGetProperty("components", out var comps) && comps.ValueKind == JsonValueKind.Array ? comps.EnumerateArray().ToList() : [];
        // First pass: name every component, so references resolve whatever their order.
        var iris = new List<Iri>();
        for (int i = 0; i < components.Count; i++)
        {
            var id = components[i].ValueKind == JsonValueKind.Object ? Str(components[i], "ID") : null;
            if (id is null) report.Warnings.Add($"{path}.components[{i}] has no ID; named by position");
            var iri = new Iri($"{inst.Value}/component/{ImportContext.Segment(id ?? "index-" + i.ToString(CultureInfo.InvariantCulture))}");
            if (id is not null) ctx.Components[id] = iri;
            iris.Add(iri);
        }
        JsonElement stand = default;
        bool hasStand = mic.TryGetProperty("MicroscopeStand", out stand) && stand.ValueKind == JsonValueKind.Object;
        Iri? standIri = null;
        if (hasStand && Str(stand, "ID") is { } standId)
            ctx.Components[standId] = standIri = new Iri($"{inst.Value}/component/{ImportContext.Segment(standId)}");

        var mapper = new FieldMapper(ctx);
        // The instrument's own fields; in pre-2.0 files the stand's facts sit at the top level too.
        var own = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in new[] { "ID", "Name", "Description", "Tier", "ValidationTier", "Schema_ID", "AppVersion", "ModelVersion", "Version", "ScalingFactor" })
            if (mic.TryGetProperty(key, out var v)) { own.Add(key); mapper.MapField(inst, Nboq.Instrument, key, v, FieldMapper.Child(path, key)); }

        if (legacy)
        {
            var standCls = Str(mic, "Type") switch
            {
                "Inverted" => ctx.Vocab.Class("InvertedMicroscope")!,
                "Upright" => ctx.Vocab.Class("UprightMicroscope")!,
                _ => ctx.Vocab.Class("MicroscopeStand")!,
            };
            standIri = new Iri(inst.Value + "/stand");
            ctx.Add(inst, Nboq.HasComponent, standIri);
            ctx.Add(standIri, Vocab.Rdf.Type, standCls);
            report.NodePaths[standIri] = path;
            var standKeys = mic.EnumerateObject().Select(p => p.Name).Where(k => !InstrumentOwnKeys.Contains(k)).ToHashSet(StringComparer.Ordinal);
            foreach (var p in mic.EnumerateObject())
                if (standKeys.Contains(p.Name)) mapper.MapField(standIri, standCls, p.Name, p.Value, FieldMapper.Child(path, p.Name));
            report.ComponentCount++;
        }
        else if (hasStand)
        {
            report.MappedCount++;
            standIri ??= new Iri(inst.Value + "/stand");
            var cls = Str(stand, "Schema_ID") is { } sid ? SchemaClassMap.ClassFor(ctx.Vocab, sid) ?? ctx.Vocab.Class("MicroscopeStand")! : ctx.Vocab.Class("MicroscopeStand")!;
            ctx.Add(inst, Nboq.HasComponent, standIri);
            ctx.Add(standIri, Vocab.Rdf.Type, cls);
            report.NodePaths[standIri] = path + ".MicroscopeStand";
            mapper.MapObject(standIri, cls, stand, path + ".MicroscopeStand");
            report.ComponentCount++;
        }

        if (mic.TryGetProperty("components", out _))
        {
            report.MappedCount++;
            for (int i = 0; i < components.Count; i++)
            {
                var c = components[i];
                var cpath = $"{path}.components[{i}]";
                if (c.ValueKind != JsonValueKind.Object) { report.Warnings.Add($"{cpath} is not an object"); continue; }
                var sid = Str(c, "Schema_ID");
                var cls = sid is null ? null : SchemaClassMap.ClassFor(ctx.Vocab, sid);
                if (cls is null)
                {
                    report.Warnings.Add($"{cpath}: no NBO-Q class for schema '{sid}'; typed as a generic instrument component");
                    cls = Nboq.InstrumentComponent;
                }
                ctx.Add(inst, Nboq.HasComponent, iris[i]);
                ctx.Add(iris[i], Vocab.Rdf.Type, cls);
                report.NodePaths.TryAdd(iris[i], cpath);
                mapper.MapObject(iris[i], cls, c, cpath);
                report.ComponentCount++;
            }
        }

        if (mic.TryGetProperty("linkedFields", out var links))
            LinkedFields(ctx, inst, links, path + ".linkedFields");
        return inst;
    }

    /// <summary>linkedFields: { "Laser_&lt;id&gt;": { "Pump": { "value": id | [ids] | "na", "schemaType": "Laser" } } }.</summary>
    private static void LinkedFields(ImportContext ctx, Iri inst, JsonElement links, string path)
    {
        var report = ctx.Report;
        if (links.ValueKind != JsonValueKind.Object) { Keep(ctx, inst, "linkedFields", links, path, "not an object"); return; }
        report.MappedCount++;
        foreach (var owner in links.EnumerateObject())
        {
            var opath = FieldMapper.Child(path, owner.Name);
            var ownerId = owner.Name.Length > 36 && Guid.TryParse(owner.Name[^36..], out _) ? owner.Name[^36..] : owner.Name[(owner.Name.LastIndexOf('_') + 1)..];
            if (!ctx.Components.TryGetValue(ownerId, out var source) || owner.Value.ValueKind != JsonValueKind.Object)
            {
                report.Warnings.Add($"{opath}: links from an unknown component");
                Keep(ctx, inst, owner.Name, owner.Value, opath, "links from an unknown component");
                continue;
            }
            report.MappedCount++;
            foreach (var field in owner.Value.EnumerateObject())
            {
                var fpath = FieldMapper.Child(opath, field.Name);
                if (field.Value.ValueKind != JsonValueKind.Object) { Keep(ctx, source, field.Name, field.Value, fpath, "link without value"); continue; }
                report.MappedCount++;
                foreach (var part in field.Value.EnumerateObject())
                {
                    var ppath = FieldMapper.Child(fpath, part.Name);
                    if (part.Name == "schemaType") { report.MappedCount++; continue; }   // names the owner's type, already known from the component
                    if (part.Name != "value") { Keep(ctx, source, field.Name + "." + part.Name, part.Value, ppath, "unknown link field"); continue; }
                    if (FieldMapper.IsEmptyMarker(part.Value)) { report.EmptyLinks.Add(new FieldNote(ppath, field.Name, FieldMapper.Text(part.Value), "no component linked")); continue; }
                    var ids = part.Value.ValueKind == JsonValueKind.Array ? part.Value.EnumerateArray().ToList() : [part.Value];
                    for (int i = 0; i < ids.Count; i++)
                        if (ids[i].ValueKind == JsonValueKind.String) ctx.CheckLink(ids[i].GetString()!, part.Value.ValueKind == JsonValueKind.Array ? $"{ppath}[{i}]" : ppath);
                    var targets = ids.Select(i => i.ValueKind == JsonValueKind.String ? ctx.ResolveComponent(i.GetString()!) : null).ToList();
                    if (targets.Any(t => t is null)) { Keep(ctx, source, field.Name, part.Value, ppath, "link to an unknown component"); continue; }
                    var link = FieldMapper.RefProperty(ctx.Vocab, field.Name, ctx.ClassOf.GetValueOrDefault(source))?.Iri ?? Nboq.RefersTo;
                    foreach (var t in targets) ctx.Add(source, link, t!);
                    report.MappedCount++;
                }
            }
        }
    }

    private static void Keep(ImportContext ctx, Iri subject, string key, JsonElement value, string path, string reason)
    {
        ctx.Report.NestedInKeptValues += FieldMapper.CountProperties(value);
        var node = BlankNode.Fresh();
        ctx.Add(subject, Nboq.UnmappedField, node);
        ctx.Add(node, Vocab.Rdf.Type, Nboq.KeyValue);
        ctx.Add(node, Nboq.Key, new Literal(key));
        ctx.Add(node, Nboq.Value, new Literal(FieldMapper.Text(value)));
        ctx.Add(node, Nboq.JsonPath, new Literal(path));
        ctx.Report.Unmapped.Add(new FieldNote(path, key, FieldMapper.Text(value), reason));
    }

    /// <summary>The 4DN portal's own fields (uuid, lab, award, ...) describe the portal record, not the hardware.</summary>
    internal static void PortalFields(ImportContext ctx, Iri subject, JsonElement wrapper, string path, string except)
    {
        foreach (var p in wrapper.EnumerateObject())
            if (p.Name != except) Keep(ctx, subject, p.Name, p.Value, FieldMapper.Child(path, p.Name), "4DN portal record field");
    }

    private static void Provenance(ImportContext ctx, Iri subject, string sha)
    {
        var prov = Vocabs.Prov;
        var source = new Iri("urn:sha256:" + sha);
        var activity = new Iri($"{subject.Value}/import/{sha[..16]}");
        var time = (ctx.Options.Time ?? DateTimeOffset.UtcNow).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        ctx.Add(subject, new Iri(prov + "wasDerivedFrom"), source);
        ctx.Add(subject, new Iri(prov + "wasGeneratedBy"), activity);
        ctx.Add(source, Vocab.Rdf.Type, new Iri(prov + "Entity"));
        ctx.Add(source, new Iri(Vocabs.Dcterms + "format"), new Literal("application/json"));
        if (ctx.Options.SourceName is { } name) ctx.Add(source, Vocab.Rdfs.Label, new Literal(name));
        ctx.Add(activity, Vocab.Rdf.Type, new Iri(prov + "Activity"));
        ctx.Add(activity, new Iri(prov + "used"), source);
        ctx.Add(activity, new Iri(prov + "endedAtTime"), new Literal(time, Vocab.Xsd.DateTime));
        // Named, not described: the agent's IRI lies in the ontology's namespace, and a registered
        // descriptor may assert triples only about its own nodes (the registry refuses the rest).
        ctx.Add(activity, new Iri(prov + "wasAssociatedWith"), ImporterAgent);
    }

    internal static string? Str(JsonElement o, string key) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(key, out var v) && v.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()) : null;
}
