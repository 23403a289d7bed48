using PhdResolver.Rdf;
using PhdResolver.Registry.Records;
using PhdResolver.Registry.Validation;

namespace PhdResolver.Registry;

/// <summary>
/// The outcome of <see cref="RegistryService.SubmitValidated"/>: the version (null when the report refused
/// it), and whether it was created now (false: identical to the current version, which is returned).
/// </summary>
public sealed record Submission(DescriptorVersion? Version, DescriptorReport Report, bool Created = false)
{
    public bool Accepted => Version is not null;
}

public sealed partial class RegistryService
{
    /// <summary>Tier validation of a descriptor (one SHACL run, each finding once): see <see cref="DescriptorValidation"/>.
    /// <paramref name="ct"/> (a request's deadline) stops it with <see cref="OperationCanceledException"/>.</summary>
    public static DescriptorReport Validate(Dataset descriptor, int tier, IReadOnlySet<string>? extensions = null, CancellationToken ct = default) =>
        DescriptorValidation.Validate(descriptor, tier, extensions: extensions, ct: ct);

    /// <summary>
    /// Validates <paramref name="graph"/> at the declared <paramref name="tier"/> and, only when it
    /// conforms (no MUST finding at tiers 1..tier), submits it as the instance's next version.
    /// A refusal writes nothing; its report says why. <paramref name="ct"/> (a request's deadline) stops the
    /// validation with <see cref="OperationCanceledException"/>, before anything is written; it is not
    /// observed once the write has begun, so a write is never left half done.
    /// </summary>
    public Submission SubmitValidated(string instance, Dataset graph, int tier, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (tier is < DescriptorValidation.MinTier or > DescriptorValidation.MaxTier)
            throw new RegistryException(RegistryErrorKind.Invalid, "tier must be 1, 2 or 3");
        var report = DescriptorValidation.Validate(graph, tier, ct: ct);
        if (!report.Conforms) return new Submission(null, report);
        var stored = SubmitDescriptor(instance, graph, tier, actor, (report.ShouldMet, report.ShouldTotal));
        return new Submission(stored.Version, report, stored.Created);
    }
}
