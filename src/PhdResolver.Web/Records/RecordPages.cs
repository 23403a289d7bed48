using System.Text;
using PhdResolver.Rdf;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Validation;
using PhdResolver.Web.Infrastructure;
using RazorSlices;

namespace PhdResolver.Web.Records;

/// <summary>
/// Landing pages for the four levels, and tombstones: <c>Pages/Record.cshtml</c> with its parts
/// (<c>DescriptorSections</c>, <c>TierTable</c>, <c>ComponentTables</c>). This class holds what the
/// templates and other areas share: the page's model and the small lookups.
/// </summary>
internal static class RecordPages
{
    /// <param name="methods">The descriptor's methods paragraph when the caller has it memoised (else it is written here).</param>
    /// <param name="jsonLd">The record's JSON-LD, already escaped with <see cref="JsonLdScript.Escape"/>.</param>
    public static RazorSlice Create(RecordView v, OntologyCatalog cat, IReadOnlyList<RecordLink> links, string jsonLd, string? methods = null, DescriptorMemo? memo = null) =>
        Pages.Record.Create(new RecordPage { View = v, Catalog = cat, Links = links, JsonLd = jsonLd, Methods = methods, Memo = memo });

    public static string LevelName(PidLevel l) => l switch
    {
        PidLevel.Facility => "facility", PidLevel.Model => "instrument model", PidLevel.Instance => "instrument", PidLevel.Settings => "acquisition settings", _ => "configuration",
    };

    /// <summary>The media types a record at <paramref name="level"/> is offered in besides HTML (the Representations list).</summary>
    internal static IEnumerable<string> FormatsOf(PidLevel level) =>
        Conneg.RecordTypes.Skip(1).Concat([Conneg.BibTex, Conneg.Ris, Conneg.CslJson, Conneg.Linkset, Conneg.LinksetJson])
            .Concat(Registry.Harvest.DataCiteXml.Describes(level) ? [Conneg.DataCite] : Array.Empty<string>());

    /// <summary>The NBO extension sets a reader can tick: query value, registry name, label.</summary>
    internal static readonly (string Key, string Name, string Label)[] Extensions =
    [
        ("core", "Core", "Core"), ("basic", "Basic", "Basic"),
        ("advanced-confocal", "AdvancedConfocal", "Advanced & Confocal"), ("calibration", "Calibration", "Calibration & Performance"),
    ];

    internal static string Short(Term t) => t switch { Iri i => i.Value, BlankNode b => "_:" + b.Id, _ => t.ToString() };

    /// <summary>The per-tier compliance table (<c>Pages/TierTable.cshtml</c>) for pages still built as strings (staff preview).</summary>
    internal static void TierTable(StringBuilder sb, DescriptorReport report) => sb.Append(Slices.Fragment(Pages.TierTable.Create(report)).Value);

    /// <summary>The component tables (<c>Pages/ComponentTables.cshtml</c>) for pages still built as strings (staff preview).</summary>
    internal static void ComponentTables(StringBuilder sb, IReadOnlyList<Component> components, OntologyCatalog cat, string? graphIri) =>
        sb.Append(Slices.Fragment(Pages.ComponentTables.Create(new ComponentTablesModel(components, cat, graphIri))).Value);
}

/// <summary>The model of <c>Pages/Record.cshtml</c> (public for the generated slice; its contents stay internal).</summary>
public sealed class RecordPage
{
    internal RecordView View { get; init; } = null!;
    internal OntologyCatalog Catalog { get; init; } = null!;
    internal IReadOnlyList<RecordLink> Links { get; init; } = [];
    /// <summary>The record's JSON-LD, already escaped for a script data block.</summary>
    internal string JsonLd { get; init; } = "";
    internal string? Methods { get; init; }
    internal DescriptorMemo? Memo { get; init; }
}

/// <summary>The model of <c>Pages/DescriptorSections.cshtml</c>: tier compliance and components of one version.</summary>
public sealed class DescriptorSectionsModel
{
    internal DescriptorSectionsModel(RecordView view, OntologyCatalog catalog) { View = view; Catalog = catalog; }
    internal RecordView View { get; }
    internal OntologyCatalog Catalog { get; }
}

/// <summary>The model of <c>Pages/ComponentTables.cshtml</c>; <paramref name="GraphIri"/> null: a graph not yet registered, no anchors.</summary>
public sealed record ComponentTablesModel(IReadOnlyList<Component> Components, OntologyCatalog Catalog, string? GraphIri);
