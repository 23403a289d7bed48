namespace PhdResolver.Nboq.Import;

/// <summary>One source field that was not turned into an NBO-Q statement, and where it went instead.</summary>
public sealed record FieldNote(string JsonPath, string Key, string Value, string? Reason = null);

/// <summary>
/// What an import did with every field of the source. Each JSON property is counted exactly once, as mapped,
/// unmapped (kept as nboq:unmappedField), layout (kept in the layout graph) or empty (a link with no target).
/// </summary>
public sealed class ImportReport
{
    public string Kind { get; internal set; } = "";            // "Instrument", "Image", "PortalSetting"
    public string? ModelVersion { get; internal set; }
    public int ComponentCount { get; internal set; }
    public int MappedCount { get; internal set; }
    public List<FieldNote> Unmapped { get; } = [];
    public List<FieldNote> Layout { get; } = [];
    public List<FieldNote> EmptyLinks { get; } = [];
    public List<string> Warnings { get; } = [];

    /// <summary>Where each described node (instrument, component, nested part) came from in the source JSON.</summary>
    public Dictionary<PhdResolver.Rdf.Term, string> NodePaths { get; } = [];

    /// <summary>Properties nested inside values that were kept whole (as JSON text) in an unmapped or layout field.</summary>
    public int NestedInKeptValues { get; internal set; }

    /// <summary>Every field seen: the sum of the four buckets.</summary>
    public int FieldCount => MappedCount + Unmapped.Count + Layout.Count + EmptyLinks.Count + NestedInKeptValues;

    public string Summary() =>
        $"{Kind} (model {ModelVersion ?? "?"}): {ComponentCount} components, {FieldCount} fields: {MappedCount} mapped, " +
        $"{Unmapped.Count} kept as unmapped key/value, {Layout.Count} drawing fields kept in the layout graph, " +
        $"{EmptyLinks.Count} empty links; {Warnings.Count} warnings";
}
