using System.Globalization;
using System.Text.RegularExpressions;
using PhdResolver.Nboq.Presentation;
using PhdResolver.Rdf;

namespace PhdResolver.Registry.ReadModels;

/// <summary>
/// Acquisition settings in words, per channel: "488 nm at 2 mW, 525/50 nm band pass emission, 100 ms exposure".
/// General over what the registry accepts as settings, not one example:
/// <list type="bullet">
/// <item>NBO-Q settings (a Micro-Meta App Image file, or RDF): a settings node's <c>nboq:refersTo</c> link to a light
/// source of the configuration gives the wavelength (the component's), its <c>nboq:illuminationPowerSettings</c> the
/// power; a link to an emission filter gives its band (the configuration's spec, as the component table shows it);
/// <c>nboq:exposureTime</c> (<c>nboq:pixelDwellTime</c> of point scanners) anywhere in the channel the exposure. A channel is a node typed <c>nboq:Channel</c> with
/// everything reachable from it; without channels the whole file is one.</item>
/// <item>4DN microscope_setting records: their per-channel key/value fields (<c>chNN_light_source_center_wl</c>,
/// <c>chNN_power_output</c>, <c>chNN_filter_set</c>, <c>chNN_integration_time</c>), kept verbatim by the importer.</item>
/// </list>
/// Null when the settings state none of these. Text only; values keep the units the file gave.
/// </summary>
public static partial class SettingsSummary
{
    private static readonly string N = PhdResolver.Nboq.Nboq.Namespace;
    private static readonly Iri RefersTo = new(N + "refersTo");
    private static readonly Iri Key = new(N + "key"), Value = new(N + "value");

    /// <param name="settings">The settings' triples (minted).</param>
    /// <param name="configuration">The configuration version's hardware graph.</param>
    public static string? Of(IReadOnlyCollection<Triple> settings, Dataset configuration)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(configuration);
        var vocab = PhdResolver.Nboq.NboqVocabulary.Default;
        var merged = new List<Quad>(configuration.Count + settings.Count);
        foreach (var q in configuration) merged.Add(q.WithGraph(null));
        foreach (var t in settings) merged.Add(new Quad(t.Subject, t.Predicate, t.Object));
        var specs = new ComponentSpecs(merged, vocab);
        var bySubject = settings.GroupBy(t => t.Subject).ToDictionary(g => g.Key, g => g.ToList());
        var typesInConfig = configuration.Where(q => q.Predicate == Vocab.Rdf.Type && q.Object is Iri).GroupBy(q => q.Subject)
            .ToDictionary(g => g.Key, g => g.Select(q => (Iri)q.Object).ToList());
        bool Is(Term node, string cls, Dictionary<Term, List<Iri>> types)
        {
            var c = vocab.Class(cls);
            return c is not null && types.TryGetValue(node, out var ts) && ts.Any(t => t == c || vocab.IsSubClassOf(t, c));
        }
        var settingTypes = bySubject.ToDictionary(kv => kv.Key, kv => kv.Value.Where(t => t.Predicate == Vocab.Rdf.Type).Select(t => t.Object).OfType<Iri>().ToList());

        var phrases = new List<string>();
        // Channels, in a stable order (by name, then node), each with what hangs off it.
        var channels = bySubject.Keys.Where(s => Is(s, "Channel", settingTypes))
            .OrderBy(s => MethodsParagraph.Str(bySubject[s].Select(t => new Quad(t.Subject, t.Predicate, t.Object)), "name") ?? "", StringComparer.Ordinal)
            .ThenBy(s => s.ToString(), StringComparer.Ordinal).ToList();
        var groups = channels.Count > 0
            ? channels.Select(c => Reach(c, bySubject, channels)).ToList()
            : [bySubject.Keys.ToHashSet()];
        foreach (var group in groups)
        {
            var lines = new List<string>();
            var emission = new List<string>();
            string? exposure = null, dwell = null;
            foreach (var node in group.OrderBy(n => n.ToString(), StringComparer.Ordinal))
            {
                exposure ??= specs.Quantity(node, "exposureTime");
                dwell ??= specs.Quantity(node, "pixelDwellTime"); // point scanners: the time per pixel
                foreach (var target in bySubject[node].Where(t => t.Predicate == RefersTo).Select(t => t.Object).Where(o => !bySubject.ContainsKey(o)))
                {
                    if (Is(target, "LightSource", typesInConfig))
                    {
                        var wl = specs.Quantity(target, "wavelength");
                        var power = specs.Quantity(node, "illuminationPowerSettings");
                        if (wl is not null || power is not null)
                            lines.Add(wl is null ? "at " + power : power is null ? wl : $"{wl} at {power}");
                    }
                    else if (Is(target, "EmissionFilter", typesInConfig) || Is(target, "EmissionFilterWheel", typesInConfig))
                    {
                        var spec = specs.Describe(target).Values.FirstOrDefault(v => v.Label is "Band" or "Transmission")?.Value
                            ?? MethodsParagraph.Str(configuration.Where(q => q.Subject.Equals(target)), "name");
                        if (spec is not null) emission.Add(spec + " emission");
                    }
                }
            }
            var parts = new List<string>();
            if (lines.Count > 0) parts.Add(string.Join(" and ", lines.Distinct()));
            parts.AddRange(emission.Distinct());
            if (exposure is not null) parts.Add(exposure + " exposure");
            if (dwell is not null) parts.Add(dwell + " pixel dwell time");
            if (parts.Count > 0) phrases.Add(string.Join(", ", parts));
        }
        phrases.AddRange(PortalChannels(settings));
        return phrases.Count == 0 ? null : string.Join("; ", phrases.Distinct());
    }

    /// <summary>Everything reachable from <paramref name="start"/> through the settings' own nodes, other channels excluded.</summary>
    private static HashSet<Term> Reach(Term start, Dictionary<Term, List<Triple>> bySubject, List<Term> channels)
    {
        var seen = new HashSet<Term> { start };
        var todo = new Queue<Term>([start]);
        while (todo.TryDequeue(out var n))
            foreach (var t in bySubject[n])
                if (bySubject.ContainsKey(t.Object) && !channels.Contains(t.Object) && seen.Add(t.Object)) todo.Enqueue(t.Object);
        return seen;
    }

    [GeneratedRegex(@"^ch(\d+)_(light_source_center_wl|power_output|filter_set|integration_time)$", RegexOptions.CultureInvariant)]
    private static partial Regex PortalKey();

    /// <summary>The 4DN portal's flat per-channel fields, channel by channel (ch00 first).</summary>
    private static IEnumerable<string> PortalChannels(IReadOnlyCollection<Triple> settings)
    {
        var channels = new SortedDictionary<int, Dictionary<string, string>>();
        var byNode = settings.Where(t => t.Predicate == Key || t.Predicate == Value).GroupBy(t => t.Subject);
        foreach (var g in byNode)
        {
            var key = g.Where(t => t.Predicate == Key).Select(t => t.Object).FirstOrDefault() as Literal;
            var value = g.Where(t => t.Predicate == Value).Select(t => t.Object).FirstOrDefault() as Literal;
            if (key is null || value is null || PortalKey().Match(key.Lexical) is not { Success: true } m) continue;
            int ch = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            if (!channels.TryGetValue(ch, out var d)) channels[ch] = d = new(StringComparer.Ordinal);
            d[m.Groups[2].Value] = value.Lexical.Trim();
        }
        foreach (var (_, d) in channels)
        {
            var parts = new List<string>();
            string? wl = d.GetValueOrDefault("light_source_center_wl");
            if (wl is not null && double.TryParse(wl, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) wl += " nm";
            string? power = d.GetValueOrDefault("power_output");
            if (wl is not null || power is not null) parts.Add(wl is null ? "at " + power : power is null ? wl : $"{wl} at {power}");
            if (d.GetValueOrDefault("filter_set") is { Length: > 0 } f) parts.Add(f + " emission");
            if (d.GetValueOrDefault("integration_time") is { Length: > 0 } e) parts.Add(e + " exposure");
            if (parts.Count > 0) yield return string.Join(", ", parts);
        }
    }
}
