using System.Globalization;
using System.Text;
using PhdResolver.Rdf;

namespace PhdResolver.Nboq.Presentation;

/// <summary>One labelled value for people: ("Objective", "63× / 1.40 NA, oil").</summary>
public sealed record SpecValue(string Label, string Value);

/// <summary>What a landing page shows for one component: its name, kind, schema and labelled values with units.</summary>
public sealed record ComponentSpec(Term Node, string Name, string Kind, IReadOnlyList<SpecValue> Values);

/// <summary>
/// Component specifications as a microscopist reads them: "63× / 1.40 NA, oil", "525/50 nm band pass", "CCD,
/// 6.45 × 6.45 µm pixels", "488 nm, 50 mW". Numbers are printed as numbers with their units (never a raw literal
/// such as <c>63.0e0</c>), values from controlled lists by their list entry. Works on any NBO-Q graph: an import,
/// a stored descriptor, or hand-written Turtle.
/// </summary>
public sealed class ComponentSpecs
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly Iri SkosNotation = new(Vocabs.Skos + "notation");
    private static readonly Iri SkosPrefLabel = new(Vocabs.Skos + "prefLabel");
    private readonly GraphIndex _g;
    private readonly NboqVocabulary _vocab;

    public ComponentSpecs(IEnumerable<Quad> data, NboqVocabulary? vocab = null)
    {
        _g = new GraphIndex(data);
        _vocab = vocab ?? NboqVocabulary.Default;
    }

    /// <summary>Every component of <paramref name="instrument"/> (nboq:hasComponent), ordered by kind then name.</summary>
    public IReadOnlyList<ComponentSpec> Components(Term instrument) =>
        [.. _g.Objects(instrument, Nboq.HasComponent).Select(Describe).OrderBy(c => c.Kind, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal)];

    /// <summary>The specification of one component.</summary>
    public ComponentSpec Describe(Term node)
    {
        var cls = _g.Objects(node, Vocab.Rdf.Type).OfType<Iri>().FirstOrDefault(t => t.Value.StartsWith(Nboq.Namespace, StringComparison.Ordinal));
        var kind = cls is null ? "Component" : Kind(cls);
        var name = Text(node, "name") ?? Text(node, "model") ?? kind;
        var values = new List<SpecValue>();
        bool Is(string c) => cls is not null && _vocab.Class(c) is { } k && _vocab.IsSubClassOf(cls, k);

        if (Is("Objective") && Objective(node) is { } o) values.Add(new("Objective", o));
        if (Is("Objective") && Quantity(node, "workingDistance") is { } wd) values.Add(new("Working distance", wd));
        if (Is("Objective") && Concept(node, "correction") is { } corr) values.Add(new("Correction", corr));
        if (Bands(node, "TransmittanceRange") is { } bands) values.Add(new(Is("Dichroic") ? "Transmission" : "Band", bands));
        if (Is("Detector"))
        {
            values.Add(new("Detector type", DetectorType(cls!)));
            if (Quantity(node, "pixelWidth") is { } pw)
                values.Add(new("Pixel size", Quantity(node, "pixelHeight") is { } ph && ph != pw ? $"{Number(node, "pixelWidth")} × {ph}" : $"{pw}"));
        }
        if (Is("LightSource") || Is("LEDModule"))
            foreach (var line in Lines(node)) values.Add(new("Line", line));
        if (Text(node, "manufacturer") is { } m) values.Add(new("Manufacturer", Text(node, "model") is { } model ? $"{m} {model}" : m));
        return new ComponentSpec(node, name, kind, values);
    }

    /// <summary>"63× / 1.40 NA, oil".</summary>
    public string? Objective(Term node)
    {
        var mag = Number(node, "magnification");
        var na = _g.Object(node, Nboq.Term("lensNA")) is Literal l && double.TryParse(l.Lexical, NumberStyles.Float, Inv, out var v) ? v.ToString("0.00", Inv) : null;
        if (mag is null && na is null) return null;
        var sb = new StringBuilder();
        if (mag is not null) sb.Append(mag).Append('×');
        if (na is not null) sb.Append(sb.Length > 0 ? " / " : "").Append(na).Append(" NA");
        if (Concept(node, "immersionType") is { } imm)
            sb.Append(", ").Append(imm.Contains("oil", StringComparison.OrdinalIgnoreCase) ? "oil" : imm.ToLowerInvariant());
        return sb.ToString();
    }

    /// <summary>"525/50 nm band pass" (centre/width of each band, then the filter type).</summary>
    public string? Bands(Term node, string element)
    {
        var cls = _vocab.Class(element);
        var parts = _g.Objects(node, Nboq.HasPart).Where(p => cls is not null && _g.Objects(p, Vocab.Rdf.Type).OfType<Iri>().Any(t => _vocab.IsSubClassOf(t, cls))).ToList();
        var bands = parts.Select(p => (Centre: Number(p, "wavelength"), Width: Number(p, "fwhmBandwidth"), Unit: UnitSymbol(p, "wavelength") ?? "nm"))
            .Where(b => b.Centre is not null).ToList();
        if (bands.Count == 0) return null;
        var text = string.Join(", ", bands.Select(b => b.Width is null ? b.Centre! : $"{b.Centre}/{b.Width}")) + " " + bands[0].Unit;
        if (Concept(node, "type") is { } type) text += " " + FilterType(type);
        return text;
    }

    /// <summary>"488 nm, 50 mW" per wavelength range of a light source.</summary>
    public IEnumerable<string> Lines(Term node)
    {
        foreach (var p in _g.Objects(node, Nboq.HasPart))
        {
            var peak = Quantity(p, "peakWavelength");
            var power = Quantity(p, "illuminationPower");
            if (peak is null && power is null) continue;
            yield return string.Join(", ", new[] { peak, power }.Where(x => x is not null));
        }
    }

    /// <summary>
    /// A Methods sentence from the specs: "Images were acquired on TESM with a 60× / 1.40 NA, oil objective, a
    /// 525/50 nm band pass emission filter and a CCD camera (6.45 µm pixels)."
    /// </summary>
    public string Methods(Term instrument)
    {
        var name = Text(instrument, "name") ?? "the instrument";
        var parts = new List<string>();
        foreach (var c in Components(instrument))
        {
            var v = c.Values.ToDictionary(x => x.Label, x => x.Value);
            if (v.TryGetValue("Objective", out var o)) parts.Add($"a {o} objective");
            else if (v.TryGetValue("Band", out var b)) parts.Add($"a {b} {c.Kind.ToLowerInvariant()}");
            else if (v.TryGetValue("Detector type", out var d)) parts.Add(v.TryGetValue("Pixel size", out var px) ? $"a {d} ({px} pixels)" : $"a {d}");
        }
        if (parts.Count == 0) return $"Images were acquired on {name}.";
        var list = parts.Count == 1 ? parts[0] : string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1];
        return $"Images were acquired on {name} with {list}.";
    }

    /// <summary>
    /// What changed between two versions, in words: "Objective 'PlanApo 60X': Objective 60× / 1.40 NA, oil → 60× / 1.45 NA, oil";
    /// added and removed components by kind and name. Components are matched by IRI.
    /// </summary>
    public static IReadOnlyList<string> Changes(ComponentSpecs before, Term beforeInstrument, ComponentSpecs after, Term afterInstrument)
    {
        var a = before.Components(beforeInstrument).ToDictionary(c => c.Node);
        var b = after.Components(afterInstrument).ToDictionary(c => c.Node);
        var lines = new List<string>();
        foreach (var (node, c) in b)
        {
            if (!a.TryGetValue(node, out var old)) { lines.Add($"added {c.Kind} '{c.Name}'"); continue; }
            var was = old.Values.GroupBy(v => v.Label).ToDictionary(g => g.Key, g => string.Join("; ", g.Select(v => v.Value)));
            var now = c.Values.GroupBy(v => v.Label).ToDictionary(g => g.Key, g => string.Join("; ", g.Select(v => v.Value)));
            foreach (var label in was.Keys.Union(now.Keys))
            {
                was.TryGetValue(label, out var x);
                now.TryGetValue(label, out var y);
                if (x != y) lines.Add($"{c.Kind} '{c.Name}': {label} {x ?? "(none)"} → {y ?? "(none)"}");
            }
        }
        foreach (var (node, c) in a)
            if (!b.ContainsKey(node)) lines.Add($"removed {c.Kind} '{c.Name}'");
        return lines;
    }

    private string Kind(Iri cls) =>
        TierValidatorText.Words(cls.Value[(cls.Value.LastIndexOf('/') + 1)..]);

    private static string DetectorType(Iri cls) => cls.Value[(cls.Value.LastIndexOf('/') + 1)..] switch
    {
        "CCD" => "CCD camera",
        "CMOS" => "CMOS camera",
        "EMCCD" => "EMCCD camera",
        "PhotoMultiplier" => "photomultiplier tube (PMT)",
        "HybridPhotoDetector" => "hybrid photodetector",
        "PhotoDiode" => "photodiode",
        var other => TierValidatorText.Words(other).ToLowerInvariant(),
    };

    private static string FilterType(string type) => type.ToLowerInvariant() switch
    {
        "bandpass" => "band pass",
        "bandstop" => "band stop",
        "longpass" => "long pass",
        "shortpass" => "short pass",
        "multipass" => "multi-band pass",
        var t => t,
    };

    private string? Text(Term node, string local) => _g.Object(node, Nboq.Term(local)) is Literal l && l.Lexical.Trim().Length > 0 ? l.Lexical.Trim() : null;

    private string? Concept(Term node, string local)
    {
        if (_g.Object(node, Nboq.Term(local)) is not Iri c) return null;
        var local2 = c.Value[(c.Value.LastIndexOf('/') + 1)..];
        var dash = local2.IndexOf('-', StringComparison.Ordinal);
        return (dash >= 0 ? local2[(dash + 1)..] : local2).Replace('_', ' ');
    }

    /// <summary>A number as people write it: "63", "0.17", "6.45" (no exponent, no trailing zeros).</summary>
    public string? Number(Term node, string local) =>
        _g.Object(node, Nboq.Term(local)) is Literal l && double.TryParse(l.Lexical, NumberStyles.Float, Inv, out var v) && double.IsFinite(v)
            ? v.ToString("0.######", Inv) : null;

    /// <summary>A number with its unit symbol ("2 mW", "100 ms"), or null.</summary>
    public string? Quantity(Term node, string local)
    {
        var n = Number(node, local);
        if (n is null) return null;
        return UnitSymbol(node, local) is { } u ? $"{n} {u}" : n;
    }

    private string? UnitSymbol(Term node, string local) =>
        _g.Object(node, Nboq.Term(local + "Unit")) is Iri u ? Symbol(u.Value[(u.Value.LastIndexOf('/') + 1)..]) : null;

    private static string Symbol(string qudt) => qudt switch
    {
        "NanoM" => "nm", "MicroM" => "µm", "MilliM" => "mm", "CentiM" => "cm", "M" => "m", "PicoM" => "pm",
        "MilliW" => "mW", "W" => "W", "MicroW" => "µW", "NanoW" => "nW",
        "SEC" => "s", "MilliSEC" => "ms", "MicroSEC" => "µs", "NanoSEC" => "ns",
        "HZ" => "Hz", "KiloHZ" => "kHz", "MegaHZ" => "MHz", "DEG_C" => "°C", "DEG" => "°", "PERCENT" => "%",
        var other => other,
    };
}

/// <summary>Class names in words ("PhotoMultiplier" -> "Photo multiplier"), shared with the tier reports.</summary>
internal static class TierValidatorText
{
    public static string Words(string name) => Validation.TierValidator.Humanize(name);
}
