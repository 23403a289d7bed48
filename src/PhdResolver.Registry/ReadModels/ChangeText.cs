using System.Globalization;
using PhdResolver.Rdf;
using PhdResolver.Registry.Records;

namespace PhdResolver.Registry.ReadModels;

/// <summary>One line of "Changes since": what happened ("changed"), to what ("objective 'Plan-Apo 63x'"), and how ("lens NA 1.4 → 1.45").</summary>
public sealed record ChangeLine(string Kind, string What, IReadOnlyList<string> Details);

/// <summary>
/// A <see cref="VersionDiff"/> in words for people: components by their ontology type label and name, fields by
/// their ontology labels, numbers as numbers (<c>63.0e0</c> is "63"), controlled-list values by their labels,
/// and references to other components by kind and name. IRIs appear only where nothing better exists. Text
/// only: the web layer escapes it.
/// </summary>
public static class ChangeText
{
    private static readonly string N = PhdResolver.Nboq.Nboq.Namespace;

    /// <summary>
    /// Display names of the components of two versions by their minted slug (<c>{PHD}#slug</c>): the diff compares
    /// the versions with the predecessor's IRIs moved under the newer PHD, so a slug names the same component in both.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Names(IReadOnlyList<Component> now, string nowGraph, IReadOnlyList<Component> before, string beforeGraph)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(IReadOnlyList<Component> comps, string graph)
        {
            foreach (var c in comps)
                if (c.Node is Iri i && i.Value.StartsWith(graph + "#", StringComparison.Ordinal))
                    names.TryAdd(i.Value[(graph.Length + 1)..], c.Name is null ? c.TypeLabel.ToLowerInvariant() : $"{c.TypeLabel.ToLowerInvariant()} '{c.Name}'");
        }
        Add(now, nowGraph);
        Add(before, beforeGraph);
        return names;
    }

    public static IReadOnlyList<ChangeLine> Lines(VersionDiff diff, OntologyCatalog cat, IReadOnlyDictionary<string, string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(cat);
        names ??= new Dictionary<string, string>();
        var lines = new List<ChangeLine>(diff.Components.Count);
        foreach (var c in diff.Components)
        {
            string what = Component(c.Types, c.Label, c.Key, cat);
            var details = new List<string>();
            if (c.Kind == ChangeKind.Changed)
                foreach (var p in c.Properties)
                {
                    string field = cat.LabelOf(p.Predicate);
                    string before = Values(p.Removed, cat, names), after = Values(p.Added, cat, names);
                    details.Add(before.Length == 0 ? $"{field} added: {after}" : after.Length == 0 ? $"{field} removed: {before}" : $"{field} {before} → {after}");
                }
            lines.Add(new ChangeLine(c.Kind.ToString().ToLowerInvariant(), what, details));
        }
        return lines;
    }

    /// <summary>"objective 'Plan-Apo 63x'": the first NBO-Q type's label and the component's name.</summary>
    private static string Component(IReadOnlyList<string> types, string? label, string key, OntologyCatalog cat)
    {
        string? kind = types.Select(t => cat.LocalNameOf(new Iri(N + t)) is { } local ? cat.LabelOf(new Iri(N + local)) : null).FirstOrDefault(x => x is not null);
        string name = label ?? NameFromKey(key);
        return kind is null ? $"'{name}'" : $"{kind.ToLowerInvariant()} '{name}'";
    }

    // A key is "<iri>" or "<iri> / hasPart[Type: label]#n": the label part, else the IRI's fragment or last segment.
    private static string NameFromKey(string key)
    {
        int open = key.LastIndexOf('[');
        if (open >= 0 && key.IndexOf(']', open) is var close and > 0)
        {
            var inner = key[(open + 1)..close];
            int colon = inner.IndexOf(": ", StringComparison.Ordinal);
            return colon >= 0 ? inner[(colon + 2)..] : inner;
        }
        var iri = key.Trim('<', '>');
        int cut = Math.Max(iri.LastIndexOf('#'), iri.LastIndexOf('/'));
        return cut >= 0 && cut < iri.Length - 1 ? iri[(cut + 1)..] : iri;
    }

    private static string Values(IReadOnlyList<DiffValue> values, OntologyCatalog cat, IReadOnlyDictionary<string, string> names) =>
        string.Join(", ", values.Select(v => Value(v, cat, names)));

    private static string Value(DiffValue v, OntologyCatalog cat, IReadOnlyDictionary<string, string> names) => v.Term switch
    {
        null => NameFromKey(v.ComponentKey ?? ""),
        Literal l when IsNumeric(l) && double.TryParse(l.Lexical, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            => d.ToString("0.######", CultureInfo.InvariantCulture),
        Literal l => l.Lexical,
        // An ontology term (a type, a controlled-list entry, a unit) by its label; another component by its name.
        Iri i when cat.LocalNameOf(i) is not null || OntologyCatalog.Compact(i) != i.Value => cat.LabelOf(i),
        Iri i => NameFromKey("<" + i.Value + ">") is var slug && names.TryGetValue(slug, out var name) ? name : slug,
        var t => t.ToString(),
    };

    private static bool IsNumeric(Literal l) => l.Datatype.Value is
        Vocab.Xsd.Namespace + "double" or Vocab.Xsd.Namespace + "float" or Vocab.Xsd.Namespace + "decimal" or Vocab.Xsd.Namespace + "integer"
        or Vocab.Xsd.Namespace + "int" or Vocab.Xsd.Namespace + "long" or Vocab.Xsd.Namespace + "nonNegativeInteger" or Vocab.Xsd.Namespace + "positiveInteger";
}

/// <summary>The cumulative NBO extension sets in words, for the compliance section.</summary>
public static class ExtensionSets
{
    private static readonly string[] Names = ["Core", "Basic", "Advanced & Confocal", "Calibration & Performance"];

    /// <summary>"Core + Basic" for 2 sets met; "none (Core not met)" for 0; "—" when unknown.</summary>
    public static string Describe(int? setsMet) => setsMet switch
    {
        null => "—",
        <= 0 => "none (Core not met)",
        var n => string.Join(" + ", Names.Take(Math.Min(n.Value, Names.Length))),
    };
}
