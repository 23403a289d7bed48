using PhdResolver.Rdf;
using PhdResolver.Registry.Pids;

namespace PhdResolver.Registry.Records;

/// <summary>
/// A dataset or publication related to a configuration version: it was acquired on it (<see cref="UsedBy"/>)
/// or describes it (<see cref="DescribedIn"/>). Known by value only: the submitter gives the title and
/// year, the registry looks nothing up (no network). <see cref="Identifier"/> is a canonical <c>doi:</c>
/// PID or an absolute http(s) URL; <see cref="Iri"/> is what the graph links.
/// </summary>
public sealed record RelatedWork(string Identifier, string Relation, string Kind, string Title, int? Year, DateTimeOffset Added, string Actor)
{
    public const string UsedBy = "used-by", DescribedIn = "described-in";
    public const string Dataset = "dataset", Publication = "publication";

    /// <summary>The work's IRI: its DOI resolver URL, or the URL as given.</summary>
    public string Iri => Identifier.StartsWith("doi:", StringComparison.Ordinal) ? "https://doi.org/" + Identifier[4..] : Identifier;

    /// <summary>
    /// A work's identifier as the registry keeps it: a DOI in any spelling (<c>10.…</c>, <c>doi:</c>, its
    /// resolver URL) as the canonical <c>doi:</c> PID, so that adding and removing name the same link
    /// however it is written; else an absolute http(s) URL as given. Throws an Invalid exception naming
    /// the field <c>identifier</c>.
    /// </summary>
    public static string CanonicalIdentifier(string? identifier)
    {
        var text = identifier?.Trim();
        if (string.IsNullOrEmpty(text)) throw Bad("identifier", "give the work's DOI (doi:10.…, https://doi.org/10.…) or its URL");
        if (text.StartsWith("10.", StringComparison.Ordinal)) text = "doi:" + text;
        if (PidParser.TryParseAny(text, out var p, out _) && p!.Single is { Scheme: PidScheme.Doi } doi && p.Config is null) return doi.ToString();
        if (IriSyntax.CheckAbsolute(text, IriSyntax.Web) is null && text.Length <= 2000) return text;
        throw Bad("identifier", $"'{(text.Length > 200 ? text[..200] + "..." : text)}' is neither a DOI nor an absolute http(s) URL");
    }

    /// <summary><see cref="UsedBy"/> or <see cref="DescribedIn"/> (any letter case); throws an Invalid exception naming the field <c>relation</c>.</summary>
    public static string CanonicalRelation(string? relation) => relation?.Trim().ToLowerInvariant() switch
    {
        UsedBy => UsedBy,
        DescribedIn => DescribedIn,
        _ => throw Bad("relation", $"'{relation}' is not a relation (use {UsedBy} or {DescribedIn})"),
    };

    private static RegistryException Bad(string field, string message) => new(RegistryErrorKind.Invalid, field + ": " + message) { Field = field };

    /// <summary>Reads one related work; throws an Invalid <see cref="RegistryException"/> naming the field.</summary>
    public static RelatedWork Parse(RelatedWorkInput input, DateTimeOffset now, string actor)
    {
        ArgumentNullException.ThrowIfNull(input);
        string id = CanonicalIdentifier(input.Identifier);
        string relation = CanonicalRelation(input.Relation);
        string kind = (input.Kind?.Trim().ToLowerInvariant() ?? (relation == UsedBy ? Dataset : Publication)) switch
        {
            Dataset => Dataset,
            Publication => Publication,
            _ => throw Bad("kind", $"'{input.Kind}' is not a kind (use {Dataset} or {Publication})"),
        };
        var title = input.Title?.Trim();
        if (string.IsNullOrEmpty(title)) throw Bad("title", "give the work's title (nothing is looked up)");
        if (title.Length > 500 || title.Any(char.IsControl)) throw Bad("title", "at most 500 characters without control characters");
        if (input.Year is int y && (y < 1800 || y > now.UtcDateTime.Year + 1)) throw Bad("year", $"{y} is not a plausible publication year");
        return new RelatedWork(id, relation, kind, title, input.Year, now, actor);
    }
}

/// <summary>A related work as submitted: identifier (DOI or URL), relation (used-by, described-in), title, year, kind (dataset, publication).</summary>
public sealed record RelatedWorkInput
{
    public string? Identifier { get; init; }
    public string? Relation { get; init; }
    public string? Title { get; init; }
    public int? Year { get; init; }
    public string? Kind { get; init; }
}
