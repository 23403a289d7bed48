using PhdResolver.Rdf;

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

    /// <summary>
    /// A settings (Image) file registered against a known configuration: maps a component ID the file does not hold
    /// to that configuration's component IRI, or null when the configuration has no such component (then the link is
    /// dangling: an error unless <see cref="KeepDanglingLinks"/>). With it, any ID-like reference (no spaces) is checked,
    /// not only UUIDs, and the Image's InstrumentID link points at <see cref="Configuration"/>.
    /// </summary>
    public Func<string, Iri?>? ConfigurationComponent { get; init; }

    /// <summary>The configuration a settings file is registered against (see <see cref="ConfigurationComponent"/>).</summary>
    public Iri? Configuration { get; init; }
}
