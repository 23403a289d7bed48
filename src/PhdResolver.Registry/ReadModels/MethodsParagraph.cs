using System.Globalization;
using PhdResolver.Rdf;
using PhdResolver.Registry.Records;

namespace PhdResolver.Registry.ReadModels;

/// <summary>
/// A component of a descriptor: its node, NBO-Q type (and label), page category, identifying fields and its
/// specification as people read it (<see cref="Specs"/>: "Objective: 63× / 1.40 NA, oil", "Band: 525/50 nm band
/// pass", units included; raw literals such as <c>63.0e0</c> never appear there).
/// </summary>
public sealed record Component(Term Node, Iri Type, string TypeLabel, string Category, string? Name, string? Manufacturer, string? Model, IReadOnlyList<Quad> Statements)
{
    public IReadOnlyList<PhdResolver.Nboq.Presentation.SpecValue> Specs { get; init; } = [];

    /// <summary>The first spec value with <paramref name="label"/>, or null.</summary>
    public string? Spec(string label) => Specs.FirstOrDefault(v => v.Label == label)?.Value;
}

/// <summary>
/// Reads a descriptor graph for people: the components grouped by NBO category, and a Methods
/// paragraph with the Tier-1 facts (stand, objectives with magnification/NA/immersion, light
/// sources, filters, detectors) in plain prose, ending with the PHD to cite.
/// Text only: the web layer escapes and places it.
/// </summary>
public static class MethodsParagraph
{
    private static readonly string N = PhdResolver.Nboq.Nboq.Namespace;

    /// <summary>Category order and the NBO-Q classes that define them (subclasses count).</summary>
    private static readonly (string Category, string Class)[] Categories =
    [
        ("Stand", "MicroscopeStand"), ("Objectives", "Objective"), ("Light sources", "LightSource"),
        ("Filters and dichroics", "Filter"), ("Filters and dichroics", "Dichroic"), ("Detectors", "Detector"),
    ];

    /// <summary>The graph's NBO-Q-typed nodes (the instrument itself excluded), grouped by category, then by name.</summary>
    public static List<Component> Components(Dataset graph, OntologyCatalog cat)
    {
        var bySubject = graph.GroupBy(q => q.Subject).ToDictionary(g => g.Key, g => g.ToList());
        var vocab = PhdResolver.Nboq.NboqVocabulary.Default;
        var specs = new PhdResolver.Nboq.Presentation.ComponentSpecs(graph, vocab);
        var list = new List<Component>();
        foreach (var (s, quads) in bySubject)
        {
            var type = quads.Where(q => q.Predicate == Vocab.Rdf.Type).Select(q => q.Object).OfType<Iri>()
                .FirstOrDefault(t => t.Value.StartsWith(N, StringComparison.Ordinal));
            if (type is null || type == PhdResolver.Nboq.Nboq.Instrument) continue;
            string category = "Other components";
            foreach (var (c, cls) in Categories)
                if (type.Value == N + cls || vocab.IsSubClassOf(type, new Iri(N + cls))) { category = c; break; }
            // Manufacturer and model have their own columns; the specs keep what only they say.
            var values = specs.Describe(s).Values.Where(v => v.Label != "Manufacturer").ToList();
            list.Add(new Component(s, type, cat.LabelOf(type), category, Str(quads, "name"), Str(quads, "manufacturer"), Str(quads, "model"), quads) { Specs = values });
        }
        return [.. list.OrderBy(c => CategoryOrder(c.Category)).ThenBy(c => c.Name, StringComparer.Ordinal)];
    }

    public static int CategoryOrder(string c) => Array.FindIndex(Categories, x => x.Category == c) is var i && i >= 0 ? i : 99;

    internal static string? Str(IEnumerable<Quad> quads, string local) =>
        quads.Where(q => q.Predicate == new Iri(N + local)).Select(q => q.Object).OfType<Literal>().FirstOrDefault()?.Lexical;

    private static double? Num(IEnumerable<Quad> quads, string local) =>
        double.TryParse(Str(quads, local), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    private static string? ConceptLabel(IEnumerable<Quad> quads, string local, OntologyCatalog cat) =>
        quads.Where(q => q.Predicate == new Iri(N + local)).Select(q => q.Object).OfType<Iri>().FirstOrDefault() is { } i ? cat.LabelOf(i) : null;

    /// <summary>
    /// The paragraph for <paramref name="version"/> of <paramref name="instance"/> at <paramref name="facility"/>,
    /// citing <paramref name="iri"/> (the version's resolvable URL).
    /// </summary>
    public static string Write(DescriptorVersion version, InstanceRecord? instance, FacilityRecord? facility, string iri,
        IReadOnlyList<Component> comps, OntologyCatalog cat)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(comps);
        var parts = new List<string>();
        var stand = comps.FirstOrDefault(c => c.Category == "Stand");
        string where = instance?.Name ?? "the instrument";
        string standText = stand is null ? "" : $" ({Join(stand.Manufacturer, stand.Model)})";
        string at = facility is { } f ? $" at {f.Name}" : "";
        parts.Add($"Images were acquired on {where}{standText}{at}, configuration c{version.Number}.");
        var objectives = comps.Where(c => c.Category == "Objectives").Select(c =>
        {
            var mag = Num(c.Statements, "magnification");
            var na = Num(c.Statements, "lensNA");
            var imm = ConceptLabel(c.Statements, "immersionType", cat);
            var spec = (mag is null ? "" : mag.Value.ToString("0.#", CultureInfo.InvariantCulture) + "×") + (na is null ? "" : "/" + na.Value.ToString("0.00", CultureInfo.InvariantCulture) + " NA");
            var text = string.Join(" ", new[] { spec, imm is null ? null : imm.ToLowerInvariant() + " immersion", "objective" }.Where(s => !string.IsNullOrEmpty(s)));
            var who = Join(c.Manufacturer, c.Model);
            return who.Length > 0 ? $"a {text} ({who})" : $"a {text}";
        }).ToList();
        if (objectives.Count > 0) parts.Add("Objectives: " + string.Join("; ", objectives) + ".");
        var sources = comps.Where(c => c.Category == "Light sources").Select(c =>
        {
            // Its lines as people write them ("488 nm, 50 mW"), else the source's own wavelength.
            var lines = c.Specs.Where(v => v.Label == "Line").Select(v => v.Value).ToList();
            var wl = Num(c.Statements, "wavelength");
            string what = lines.Count > 0 ? string.Join(" and ", lines) + " " : wl is null ? "" : wl.Value.ToString("0.#", CultureInfo.InvariantCulture) + " nm ";
            return what + c.TypeLabel.ToLowerInvariant()
                + (c.Model is null ? "" : $" ({Join(c.Manufacturer, c.Model)})");
        }).ToList();
        if (sources.Count > 0) parts.Add("Illumination: " + string.Join(", ", sources) + ".");
        // Filters by their bands ("525/50 nm band pass emission filter"), named when the graph gives no band.
        var filters = comps.Where(c => c.Category == "Filters and dichroics").Select(c =>
        {
            string? band = c.Spec("Band") ?? c.Spec("Transmission");
            string kind = c.TypeLabel.ToLowerInvariant();
            string named = c.Name ?? Join(c.Manufacturer, c.Model);
            return band is null ? (named.Length > 0 ? named : kind) : named.Length > 0 ? $"{band} {kind} ({named})" : $"{band} {kind}";
        }).ToList();
        if (filters.Count > 0) parts.Add("Filters: " + string.Join(", ", filters) + ".");
        // Detectors by type and pixel size where known ("a CMOS camera, 6.5 µm pixels (Hamamatsu ORCA-Flash4.0)").
        var detectors = comps.Where(c => c.Category == "Detectors").Select(c =>
        {
            string type = c.Spec("Detector type") ?? c.TypeLabel.ToLowerInvariant();
            string text = c.Spec("Pixel size") is { } px ? $"{type}, {px} pixels" : type;
            string who = Join(c.Manufacturer, c.Model);
            return who.Length > 0 ? $"{text} ({who})" : c.Name is { } n ? $"{text} ({n})" : text;
        }).ToList();
        if (detectors.Count > 0) parts.Add("Detection: " + string.Join(", ", detectors) + ".");
        parts.Add($"The hardware configuration is described by the persistent hardware descriptor {version.Pid} ({iri}).");
        return string.Join(" ", parts);
    }

    /// <summary>
    /// The sentence for one acquisition settings record, citing its PHD: "Acquisition settings: phd:… (URL); 488 nm at
    /// 2 mW, 525/50 nm band pass emission, 100 ms exposure." (<see cref="SettingsSummary"/>; the PHD alone when the
    /// settings state none of those values).
    /// </summary>
    public static string Settings(SettingsRecord settings, string iri)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return $"Acquisition settings: {settings.Pid} ({iri})" + (settings.Summary is { } s ? "; " + s : "") + ".";
    }

    private static string Join(string? a, string? b) => string.Join(" ", new[] { a, b }.Where(s => !string.IsNullOrEmpty(s)));
}
