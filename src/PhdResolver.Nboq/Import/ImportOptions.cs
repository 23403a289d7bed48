namespace PhdResolver.Nboq.Import;

/// <summary>How an import names things and stamps its provenance.</summary>
public sealed class ImportOptions
{
    /// <summary>Data IRIs are minted under this base (the deployment's base URI). Must end in '/' or '#'.</summary>
    public string BaseIri { get; init; } = "https://example.org/phd/mma/";

    /// <summary>The import time written into the provenance; inject a fixed value for deterministic output.</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>A name for the source (a file name), recorded in the provenance.</summary>
    public string? SourceName { get; init; }

    /// <summary>
    /// A link to a component ID the file does not hold is an error by default (nothing is imported). True keeps such
    /// links as unmapped key/value fields with a warning instead: for archived records that cannot be fixed (one of the
    /// two shared 4DN records links a filter set to an excitation filter it no longer contains).
    /// </summary>
    public bool KeepDanglingLinks { get; init; }
}
