using System.Text.RegularExpressions;
using PhdResolver.Registry.Pids;

namespace PhdResolver.Registry.Records;

/// <summary>
/// An external identifier a record carries besides its own PID: RRID, ROR, Wikidata, a PIDINST DOI or
/// Handle, and for instruments a serial or an inventory number. <see cref="Value"/> is canonical
/// (parsed by <see cref="Parse"/>, the one place that checks them), so equal identifiers are equal
/// strings and the uniqueness key of the registry (<see cref="Key"/>) needs no folding.
/// </summary>
public sealed partial record ExternalId(string Scheme, string Value)
{
    public const string Rrid = "RRID", Ror = "ROR", Wikidata = "Wikidata", Doi = "DOI", Handle = "Handle",
        Serial = "serial", Inventory = "inventory";

    /// <summary>The schemes in the order pages list them.</summary>
    public static readonly IReadOnlyList<string> Schemes = [Rrid, Ror, Wikidata, Doi, Handle, Serial, Inventory];

    /// <summary>Whether <see cref="Scheme"/> names a global identifier (unique across the registry) rather than a local number.</summary>
    public bool IsGlobal => Scheme is not (Serial or Inventory);

    /// <summary>The identifier's own resolver (null for serial and inventory numbers, which have none).</summary>
    public string? Url => Scheme switch
    {
        Wikidata => "https://www.wikidata.org/wiki/" + Value,
        Serial or Inventory => null,
        _ => Pid.Parse(Value).ResolverUrl,
    };

    /// <summary>
    /// What two records may not share: a global identifier by itself; a serial number within its
    /// manufacturer and an inventory number within its facility (<paramref name="scope"/>), since
    /// those are only unique there (two vendors both ship a "SN-0001").
    /// </summary>
    public string Key(string scope) => IsGlobal ? Scheme + " " + Value : Scheme + " " + scope.Trim().ToLowerInvariant() + " " + Value;

    public override string ToString() => Scheme + " " + Value;

    /// <summary>Whether a record of <paramref name="level"/> may carry identifiers of <paramref name="scheme"/> (one of <see cref="Schemes"/>).</summary>
    public static bool Allowed(string scheme, PidLevel level) => (scheme, level) switch
    {
        (Rrid, PidLevel.Facility or PidLevel.Model) => true,
        (Ror, PidLevel.Facility) => true,
        (Wikidata, PidLevel.Facility or PidLevel.Model or PidLevel.Instance) => true,
        (Doi or Handle or Serial or Inventory, PidLevel.Instance) => true,
        _ => false,
    };

    /// <summary>
    /// Reads one identifier of <paramref name="scheme"/> (any letter case: "rrid", "ROR", "wikidata",
    /// "doi", "handle", "serial", "inventory") for a record of <paramref name="level"/>; throws an
    /// Invalid <see cref="RegistryException"/> naming the field and what was expected.
    /// </summary>
    public static ExternalId Parse(string? scheme, string? value, PidLevel level)
    {
        const string field = "identifiers";
        string s = Schemes.FirstOrDefault(x => x.Equals(scheme?.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw Bad($"'{scheme}' is not a known identifier scheme (use one of {string.Join(", ", Schemes)})");
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v)) throw Bad($"the {s} identifier has no value");
        if (!Allowed(s, level)) throw Bad($"a {level.ToString().ToLowerInvariant()} cannot carry a {s} identifier");
        switch (s)
        {
            case Serial or Inventory:
                if (v.Length > 200 || v.Any(char.IsControl)) throw Bad($"the {s} number must be at most 200 characters without control characters");
                return new ExternalId(s, v);
            case Wikidata:
                var m = WikidataId().Match(v);
                if (!m.Success) throw Bad($"'{v}' is not a Wikidata item (Q followed by digits, e.g. Q42, or its wikidata.org URL)");
                return new ExternalId(s, "Q" + m.Groups[1].Value);
            default:
                string text = s switch { Rrid when !v.StartsWith("RRID:", StringComparison.OrdinalIgnoreCase) && !v.Contains("://", StringComparison.Ordinal) => "RRID:" + v,
                    Ror when !v.StartsWith("ror:", StringComparison.OrdinalIgnoreCase) && !v.Contains("://", StringComparison.Ordinal) => "ror:" + v,
                    Doi when v.StartsWith("10.", StringComparison.Ordinal) => "doi:" + v,
                    Handle when !v.StartsWith("hdl:", StringComparison.OrdinalIgnoreCase) && !v.Contains("://", StringComparison.Ordinal) => "hdl:" + v,
                    _ => v };
                if (!PidParser.TryParseAny(text, out var p, out var error) || p!.Single is not { } pid || p.Config is not null)
                    throw Bad($"'{v}' is not a {s}: {error ?? "a single identifier is expected"}");
                var expected = s switch { Rrid => PidScheme.Rrid, Ror => PidScheme.Ror, Doi => PidScheme.Doi, _ => PidScheme.Handle };
                if (pid.Scheme != expected) throw Bad($"'{v}' is a {Pid.PrefixOf(pid.Scheme).TrimEnd(':')}, not a {s}");
                return new ExternalId(s, pid.ToString());
        }

        static RegistryException Bad(string message) => new(RegistryErrorKind.Invalid, "identifiers: " + message) { Field = field };
    }

    [GeneratedRegex(@"^(?:https?://(?:www\.)?wikidata\.org/(?:wiki|entity)/)?[Qq]([1-9][0-9]{0,11})$", RegexOptions.CultureInvariant)]
    private static partial Regex WikidataId();
}
