using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PhdResolver.Rdf;

namespace PhdResolver.Nboq.Import;

/// <summary>
/// Maps the fields of one Micro-Meta App JSON object onto a subject. Every field lands in exactly one
/// report bucket: mapped, unmapped (kept as nboq:unmappedField), layout (kept in the layout graph) or empty link.
/// </summary>
internal sealed partial class FieldMapper(ImportContext ctx)
{
    private static readonly HashSet<string> LayoutKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "PositionX", "PositionY", "PositionZ", "Width", "Height", "OffsetX", "OffsetY", "OccupiedSpot", "ScalingFactor", "ZIndex",
    };

    [GeneratedRegex(@"^(Min_|Max_|Current_)?Number_Of_")]
    private static partial Regex CardinalityKey();

    private static readonly Dictionary<string, string> Bookkeeping = new(StringComparer.Ordinal)
    {
        ["Tier"] = "mmaTier", ["ValidationTier"] = "mmaValidationTier", ["ModelVersion"] = "mmaModelVersion",
        ["AppVersion"] = "mmaAppVersion", ["Schema_ID"] = "mmaSchemaId", ["Domain"] = "mmaDomain",
        ["Category"] = "mmaCategory", ["Extension"] = "mmaExtension", ["ID"] = "id",
    };

    private static readonly HashSet<string> EmptyMarkers = new(StringComparer.OrdinalIgnoreCase) { "", "na", "n/a", "Not assigned", "none" };

    public static string Child(string path, string key) =>
        key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? $"{path}.{key}" : $"{path}['{key.Replace("'", "\\'", StringComparison.Ordinal)}']";

    /// <summary>Maps every field of <paramref name="obj"/> except those in <paramref name="skip"/> (which the caller has counted).</summary>
    public void MapObject(Iri subject, Iri cls, JsonElement obj, string path, IReadOnlySet<string>? skip = null)
    {
        // Micro-Meta App writes an LED module's wavelength range (power, peak, cut-on, cut-off) on the module itself;
        // NBO has them on the module's IlluminationWavelengthRange, where the shapes look for them.
        Iri? range = null;
        if (ctx.Vocab.Class("LEDModule") is { } led && ctx.Vocab.IsSubClassOf(cls, led) && !obj.TryGetProperty("IlluminationWavelengthRange", out _)
            && obj.EnumerateObject().Any(p => LedRangeFields.Contains(p.Name)))
        {
            var rangeCls = ContextClass(cls, ctx.Vocab.Class("IlluminationWavelengthRange")!);
            range = new Iri($"{subject.Value}/IlluminationWavelengthRange");
            ctx.Add(subject, Nboq.HasPart, range);
            ctx.Add(range, Vocab.Rdf.Type, rangeCls);
            ctx.Report.NodePaths.TryAdd(range, path);
            foreach (var prop in obj.EnumerateObject())
                if (LedRangeFields.Contains(prop.Name) && (skip is null || !skip.Contains(prop.Name)))
                    MapField(range, rangeCls, prop.Name, prop.Value, Child(path, prop.Name));
        }
        var band = ctx.LegacyModel ? LegacyBand(subject, obj) : null;
        foreach (var prop in obj.EnumerateObject())
            if ((skip is null || !skip.Contains(prop.Name)) && !(range is not null && LedRangeFields.Contains(prop.Name)) && !(band?.Contains(prop.Name) ?? false))
                MapField(subject, cls, prop.Name, prop.Value, Child(path, prop.Name));
    }

    private static readonly string[] LegacyBandFields = ["CutIn", "CutOut", "CutInUnit", "CutOutUnit"];

    /// <summary>
    /// Model 1.x transmittance ranges give the band by its edges (CutIn 501, CutOut 548 nm); NBO v02-01 by its centre
    /// and width (Wavelength 524.5, FWHMBandwidth 47), the "525/50" of a catalogue. Returns the fields consumed.
    /// </summary>
    private string[]? LegacyBand(Iri subject, JsonElement obj)
    {
        if (obj.TryGetProperty("Wavelength", out _) || !obj.TryGetProperty("CutIn", out var cutIn) || !obj.TryGetProperty("CutOut", out var cutOut)
            || cutIn.ValueKind != JsonValueKind.Number || cutOut.ValueKind != JsonValueKind.Number) return null;
        double lo = cutIn.GetDouble(), hi = cutOut.GetDouble();
        if (!(hi > lo && lo > 0)) return null;
        ctx.Add(subject, Nboq.Term("wavelength"), new Literal(((lo + hi) / 2).ToString("R", CultureInfo.InvariantCulture), Vocab.Xsd.Double));
        ctx.Add(subject, Nboq.Term("fwhmBandwidth"), new Literal((hi - lo).ToString("R", CultureInfo.InvariantCulture), Vocab.Xsd.Double));
        var unitText = obj.TryGetProperty("CutInUnit", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()! : "nm";
        if (Units.ToQudt(unitText) is { } unit)
        {
            ctx.Add(subject, Nboq.Term("wavelengthUnit"), unit);
            ctx.Add(subject, Nboq.Term("fwhmBandwidthUnit"), unit);
        }
        var used = LegacyBandFields.Where(f => obj.TryGetProperty(f, out _)).ToArray();
        ctx.Report.MappedCount += used.Length;
        return used;
    }

    private static readonly HashSet<string> LedRangeFields = new(StringComparer.Ordinal)
    {
        "IlluminationPower", "IlluminationPowerUnit", "PeakWavelength", "PeakWavelengthUnit", "CutOn", "CutOnUnit", "CutOff", "CutOffUnit",
    };

    public void MapField(Iri subject, Iri cls, string key, JsonElement value, string path)
    {
        if (LayoutKeys.Contains(key) || CardinalityKey().IsMatch(key))
        {
            KeyValue(subject, Nboq.LayoutField, key, value, path, ctx.LayoutGraph);
            ctx.Report.Layout.Add(new FieldNote(path, key, Text(value), "drawing"));
            return;
        }
        if (Bookkeeping.TryGetValue(key, out var bk) || (key == "Version" && ctx.LegacyModel && (bk = "mmaModelVersion") is not null))
        {
            if (TryLiteral(value, ctx.Vocab.Property(bk)!.Range, out var lit)) { ctx.Add(subject, Nboq.Term(bk), lit); ctx.Report.MappedCount++; }
            else Unmapped(subject, key, value, path, $"not a valid {bk}");
            return;
        }
        if (key == "ComponentID" && value.ValueKind == JsonValueKind.String && ctx.Options.ConfigurationComponent is not null) ctx.CheckLink(value.GetString()!, path);
        if (key == "ComponentID" && value.ValueKind == JsonValueKind.String && ctx.ResolveComponent(value.GetString()!) is { } target)
        {
            ctx.Add(subject, Nboq.RefersTo, target);
            ctx.Report.MappedCount++;
            return;
        }

        var local = NboqNames.PropertyName(NboName(key));
        var prop = ctx.Vocab.Property(local);
        var twin = ctx.Vocab.Property(local + "Value");

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                if (ElementClass(key) is { } elementCls)
                {
                    var childCls = ContextClass(cls, elementCls);
                    ctx.Report.MappedCount++;
                    var child = new Iri($"{subject.Value}/{ImportContext.Segment(key)}");
                    ctx.Add(subject, Nboq.HasPart, child);
                    ctx.Add(child, Vocab.Rdf.Type, childCls);
                    ctx.Report.NodePaths.TryAdd(child, path);
                    MapObject(child, childCls, value, path);
                }
                else Unmapped(subject, key, value, path, "nested object with no NBO-Q element");
                return;

            case JsonValueKind.Array:
                MapArray(subject, cls, key, value, path, prop, twin);
                return;

            case JsonValueKind.Null:
                Unmapped(subject, key, value, path, "null");
                return;
        }

        // "Pump": "na", "FilterWheel": "none": a slot for a linked element that is deliberately left empty.
        if (prop is null && ElementClass(key) is not null && IsEmptyMarker(value))
        {
            ctx.Report.EmptyLinks.Add(new FieldNote(path, key, Text(value), "no element linked"));
            return;
        }

        if (value.ValueKind == JsonValueKind.String && (prop?.IsReference == true || ElementClass(key) is not null || RefProperty(ctx.Vocab, key) is not null))
            ctx.CheckLink(value.GetString()!, path);
        if (MapScalar(subject, cls, key, value, prop, twin, out var reason)) ctx.Report.MappedCount++;
        else Unmapped(subject, key, value, path, reason);
    }

    private void MapArray(Iri subject, Iri cls, string key, JsonElement array, string path, NboqProperty? prop, NboqProperty? twin)
    {
        var items = array.EnumerateArray().ToList();
        if (items.Count == 0)
        {
            ctx.Report.EmptyLinks.Add(new FieldNote(path, key, "[]", "empty list"));
            return;
        }
        if (items.All(i => i.ValueKind == JsonValueKind.Object))
        {
            var elementCls = ElementClass(key);
            if (elementCls is null) { Unmapped(subject, key, array, path, "list of objects with no NBO-Q element"); return; }
            var childCls = ContextClass(cls, elementCls);
            ctx.Report.MappedCount++;
            for (int i = 0; i < items.Count; i++)
            {
                var itemCls = items[i].TryGetProperty("Schema_ID", out var sid) && sid.ValueKind == JsonValueKind.String
                    ? SchemaClassMap.ClassFor(ctx.Vocab, sid.GetString()!) ?? childCls : childCls;
                var id = items[i].TryGetProperty("ID", out var idEl) && idEl.ValueKind == JsonValueKind.String ? idEl.GetString()! : i.ToString(CultureInfo.InvariantCulture);
                var child = new Iri($"{subject.Value}/{ImportContext.Segment(key)}/{ImportContext.Segment(id)}");
                ctx.Add(subject, Nboq.HasPart, child);
                ctx.Add(child, Vocab.Rdf.Type, itemCls);
                ctx.Report.NodePaths.TryAdd(child, $"{path}[{i}]");
                MapObject(child, itemCls, items[i], $"{path}[{i}]");
            }
            return;
        }
        if (items.All(i => i.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))
        {
            // Lists of component references ("EmissionFilter/<id>") or of plain values. A link field whose name is
            // also a literal attribute elsewhere ("Aperture") is still a link when its values name components.
            var linkable = prop?.IsObject != false || RefProperty(ctx.Vocab, key) is not null || ElementClass(key) is not null;
            if (linkable)
                for (int i = 0; i < items.Count; i++)
                    if (items[i].ValueKind == JsonValueKind.String) ctx.CheckLink(items[i].GetString()!, $"{path}[{i}]");
            var triples = new List<(Iri P, Term O)>();
            foreach (var item in items)
            {
                if (item.ValueKind == JsonValueKind.String && linkable && ctx.ResolveComponent(item.GetString()!) is { } target)
                    triples.Add((prop?.IsReference == true ? prop.Iri : RefProperty(ctx.Vocab, key, cls)?.Iri ?? (ElementClass(key) is not null ? Nboq.HasPart : Nboq.RefersTo), target));
                else if (prop is not null && !prop.IsObject && TryLiteral(item, prop.Range, out var lit))
                    triples.Add((prop.Iri, lit));
                else { Unmapped(subject, key, array, path, "list values that are neither known components nor valid values"); return; }
            }
            foreach (var (p, o) in triples) ctx.Add(subject, p, o);
            ctx.Report.MappedCount++;
            return;
        }
        Unmapped(subject, key, array, path, "list of mixed values");
    }

    private bool MapScalar(Iri subject, Iri cls, string key, JsonElement value, NboqProperty? prop, NboqProperty? twin, out string reason)
    {
        reason = "";
        if (prop is null)
        {
            // A field named after an element that holds a component ID: the component is part of this one.
            if (value.ValueKind == JsonValueKind.String && ElementClass(key) is { } element)
            {
                if (ctx.ResolveComponent(value.GetString()!) is { } part)
                {
                    ctx.Add(subject, RefProperty(ctx.Vocab, key, cls)?.Iri ?? Nboq.HasPart, part);
                    return true;
                }
                // NBO file elements (SpecsFile, TransmittanceProfileFile, WavelengthProfileFile) are written by
                // Micro-Meta App as one string, the file's name or address: a part of that class holding it.
                if (element.Value.EndsWith("File", StringComparison.Ordinal) && value.GetString()!.Trim().Length > 0)
                {
                    var file = new Iri($"{subject.Value}/{ImportContext.Segment(key)}");
                    ctx.Add(subject, Nboq.HasPart, file);
                    ctx.Add(file, Vocab.Rdf.Type, element);
                    ctx.Add(file, Nboq.Term("location"), new Literal(value.GetString()!.Trim()));
                    return true;
                }
            }
            reason = "no NBO-Q property";
            return false;
        }
        if (prop.IsUnit)
        {
            var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            if (Units.ToQudt(text) is { } unit) { ctx.Add(subject, prop.Iri, unit); return true; }
            reason = $"unknown unit '{text}'";
            if (text.Trim().Length > 0) ctx.Report.Warnings.Add($"{key}: unknown unit '{text}'");
            return false;
        }
        if (prop.IsReference)
        {
            if (value.ValueKind == JsonValueKind.String && ctx.ResolveComponent(value.GetString()!) is { } target) { ctx.Add(subject, prop.Iri, target); return true; }
            reason = "reference to an unknown component";
            return false;
        }
        if (prop.IsObject)
        {
            if (value.ValueKind == JsonValueKind.String && ctx.Vocab.Concept(cls, prop, value.GetString()!) is { } concept) { ctx.Add(subject, prop.Iri, concept); return true; }
            // The literal twin ("colorValue") only where this class has no list of its own: a value outside the
            // class's list is an error to report, not a free-text value.
            if (twin is not null && !ctx.Vocab.ListsValues(cls, prop) && TryLiteral(value, twin.Range, out var tl)) { ctx.Add(subject, twin.Iri, tl); return true; }
            reason = "value not in the NBO list";
            ctx.Report.Warnings.Add($"{key}: '{Text(value)}' is not in the NBO list of values");
            return false;
        }
        if (TryLiteral(value, prop.Range, out var lit)) { ctx.Add(subject, prop.Iri, lit); return true; }
        reason = $"not a valid {prop.Range?.Value[(prop.Range.Value.LastIndexOf('#') + 1)..] ?? "value"}";
        ctx.Report.Warnings.Add($"{key}: '{Text(value)}' is {reason}");
        return false;
    }

    // Link fields whose NBO reference attribute is named differently from the Micro-Meta App field; the first
    // candidate the shapes check for the owner's class wins (NBO spells OpticalAssembly's "MirrorringDeviceRef").
    private static readonly Dictionary<string, string[]> RefAliases = new(StringComparer.Ordinal)
    {
        ["Aperture"] = ["OpticalAperture"], ["Apertures"] = ["OpticalAperture"],
        ["MirroringDevice"] = ["MirroringDevice", "MirrorringDevice"],
    };

    /// <summary>
    /// The NBO reference attribute a Micro-Meta App link field stands for: "ExcitationFilter" (a FilterCube's link to
    /// a filter component) is NBO's ExcitationFilterRef, so the link lands on nboq:excitationFilterRef, the property the
    /// tier shapes check, not on a generic nboq:hasPart.
    /// </summary>
    internal static NboqProperty? RefProperty(NboqVocabulary vocab, string key, Iri? owner = null)
    {
        var candidates = new List<NboqProperty>();
        foreach (var name in RefAliases.GetValueOrDefault(key) ?? [key])
        {
            if (vocab.Property(NboqNames.PropertyName(name + "Ref")) is { IsReference: true } p) candidates.Add(p);
            if (name.EndsWith('s') && vocab.Property(NboqNames.PropertyName(name[..^1] + "Ref")) is { IsReference: true } q) candidates.Add(q);
        }
        return owner is null ? candidates.FirstOrDefault()
            : candidates.FirstOrDefault(c => vocab.IsChecked(owner, c.Iri)) ?? candidates.FirstOrDefault();
    }

    /// <summary>
    /// The class for an element nested in a <paramref name="parent"/>: the context subclass the generator made where the
    /// NBO tables give the element its own rules in that parent ("LEDModuleIlluminationWavelengthRange"), else the element class.
    /// </summary>
    private Iri ContextClass(Iri parent, Iri element)
    {
        var elementName = element.Value[Nboq.Namespace.Length..];
        var seen = new HashSet<Iri>();
        var todo = new Queue<Iri>([parent]);
        while (todo.TryDequeue(out var c))
        {
            if (!seen.Add(c) || !c.Value.StartsWith(Nboq.Namespace, StringComparison.Ordinal)) continue;
            if (ctx.Vocab.Class(c.Value[Nboq.Namespace.Length..] + elementName) is { } sub && sub != element && ctx.Vocab.IsSubClassOf(sub, element)) return sub;
            foreach (var s in ctx.Vocab.SuperClasses(c)) todo.Enqueue(s);
        }
        return element;
    }

    private string NboName(string key) => MmaNames.NboName(key, ctx.LegacyModel);

    /// <summary>The element class a field names ("IlluminationWavelengthRange", "Channels" -> Channel), if any.</summary>
    private Iri? ElementClass(string key)
    {
        key = NboName(key);
        return ctx.Vocab.Class(key) ?? (key.EndsWith('s') ? ctx.Vocab.Class(key[..^1]) : null);
    }

    private void Unmapped(Iri subject, string key, JsonElement value, string path, string reason)
    {
        KeyValue(subject, Nboq.UnmappedField, key, value, path, null);
        ctx.Report.Unmapped.Add(new FieldNote(path, key, Text(value), reason));
    }

    private void KeyValue(Iri subject, Iri link, string key, JsonElement value, string path, Iri? graph)
    {
        ctx.Report.NestedInKeptValues += CountProperties(value);
        // A blank node: the pair has no identity of its own, and re-imports stay isomorphic.
        var node = BlankNode.Fresh();
        ctx.Add(subject, link, node, graph);
        ctx.Add(node, Vocab.Rdf.Type, Nboq.KeyValue, graph);
        ctx.Add(node, Nboq.Key, new Literal(key), graph);
        ctx.Add(node, Nboq.Value, ValueLiteral(value), graph);
        ctx.Add(node, Nboq.JsonPath, new Literal(path), graph);
    }

    private static Literal ValueLiteral(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => new Literal(v.GetString()!),
        JsonValueKind.True => new Literal("true", Vocab.Xsd.Boolean),
        JsonValueKind.False => new Literal("false", Vocab.Xsd.Boolean),
        JsonValueKind.Number => IsInteger(v.GetRawText()) ? new Literal(v.GetRawText(), Vocab.Xsd.Integer) : new Literal(v.GetRawText(), Vocab.Xsd.Double),
        _ => new Literal(v.GetRawText(), new Iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON")),
    };

    /// <summary>The JSON properties inside a value (0 for scalars).</summary>
    public static int CountProperties(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().Sum(p => 1 + CountProperties(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().Sum(CountProperties),
        _ => 0,
    };

    public static string Text(JsonElement v) => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText();

    public static bool IsEmptyMarker(JsonElement v) =>
        v.ValueKind is JsonValueKind.Null || (v.ValueKind == JsonValueKind.String && EmptyMarkers.Contains(v.GetString()!.Trim()))
        || (v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 0);

    private static bool IsInteger(string s) => s.Length > 0 && s.TrimStart('-').All(char.IsAsciiDigit);

    /// <summary>A JSON scalar as a literal of the property's range, or false when it is not a valid value of it.</summary>
    public static bool TryLiteral(JsonElement v, Iri? range, out Literal literal)
    {
        literal = null!;
        var text = v.ValueKind switch
        {
            JsonValueKind.String => v.GetString()!,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
            _ => null,
        };
        if (text is null) return false;
        var r = range?.Value ?? Vocab.Xsd.StringValue;
        var t = text.Trim();
        switch (r[(r.LastIndexOf('#') + 1)..])
        {
            case "double":
                if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || double.IsNaN(d)) return false;
                literal = new Literal(v.ValueKind == JsonValueKind.Number ? t : d.ToString("R", CultureInfo.InvariantCulture), Vocab.Xsd.Double);
                return true;
            case "integer":
            case "positiveInteger":
                if (IsInteger(t)) { literal = new Literal(t, range!); return true; }
                if (decimal.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) && m == decimal.Truncate(m))
                { literal = new Literal(decimal.Truncate(m).ToString(CultureInfo.InvariantCulture), range!); return true; }
                return false;
            case "boolean":
                if (t.Equals("true", StringComparison.OrdinalIgnoreCase) || t.Equals("yes", StringComparison.OrdinalIgnoreCase)) { literal = new Literal("true", Vocab.Xsd.Boolean); return true; }
                if (t.Equals("false", StringComparison.OrdinalIgnoreCase) || t.Equals("no", StringComparison.OrdinalIgnoreCase)) { literal = new Literal("false", Vocab.Xsd.Boolean); return true; }
                return false;
            case "anyURI":
                if (!Uri.TryCreate(t, UriKind.Absolute, out _) || t.Contains(' ', StringComparison.Ordinal)) return false;
                literal = new Literal(t, Vocab.Xsd.AnyUri);
                return true;
            case "date":
                if (!DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) return false;
                literal = new Literal(t, Vocab.Xsd.Date);
                return true;
            default:
                literal = new Literal(text);
                return true;
        }
    }
}
