using System.Net.Mail;

namespace PhdResolver.Registry.Records;

/// <summary>
/// A contact or manager of a facility or instrument: a name, an optional ORCID iD, a role, and an
/// optional email address that is published only when <see cref="EmailPublic"/> (its owner said so).
/// Nothing else is kept about a person: no personal data beyond what was entered.
/// </summary>
public sealed record Person(string Name, string? Orcid, string Role, string? Email, bool EmailPublic)
{
    public const string Contact = "contact", Manager = "manager", Staff = "staff";

    /// <summary>The roles a person can have, in page order.</summary>
    public static readonly IReadOnlyList<string> Roles = [Contact, Manager, Staff];

    /// <summary>The ORCID iD as a resolvable IRI (<c>https://orcid.org/0000-0002-1825-0097</c>).</summary>
    public string? OrcidUrl => Orcid is null ? null : "https://orcid.org/" + Orcid;

    /// <summary>The email address when its owner made it public, else null: the one gate every output goes through.</summary>
    public string? PublicEmail => EmailPublic ? Email : null;

    /// <summary>What the audit log and history say about the person: never the email address.</summary>
    public override string ToString() => $"{Name} ({Role}{(Orcid is null ? "" : ", ORCID " + Orcid)})";

    /// <summary>Reads one person; throws an Invalid <see cref="RegistryException"/> naming the field and what to write.</summary>
    public static Person Parse(PersonInput? input)
    {
        const string field = "people";
        static RegistryException Bad(string message) => new(RegistryErrorKind.Invalid, "people: " + message) { Field = field };
        if (input is null) throw Bad("an entry is empty");
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name)) throw Bad("a person needs a name");
        if (name.Length > 200 || name.Any(char.IsControl)) throw Bad("a name is at most 200 characters without control characters");
        string role = Roles.FirstOrDefault(r => r.Equals(input.Role?.Trim() ?? Contact, StringComparison.OrdinalIgnoreCase))
            ?? throw Bad($"'{input.Role}' is not a role (use {string.Join(", ", Roles)})");
        string? orcid = null;
        if (!string.IsNullOrWhiteSpace(input.Orcid))
            orcid = ParseOrcid(input.Orcid, out var why) ?? throw Bad($"'{input.Orcid.Trim()}' is not an ORCID iD: {why}");
        string? email = null;
        if (!string.IsNullOrWhiteSpace(input.Email))
        {
            email = input.Email.Trim();
            if (email.Length > 254 || !MailAddress.TryCreate(email, out var a) || a.Address != email || a.DisplayName.Length > 0)
                throw Bad($"'{email}' is not an email address");
        }
        if (input.EmailPublic == true && email is null) throw Bad($"{name}: emailPublic without an email address");
        return new Person(name, orcid, role, email, input.EmailPublic == true && email is not null);
    }

    /// <summary>
    /// An ORCID iD in its canonical form <c>0000-0002-1825-0097</c> (from that form, 16 characters without
    /// hyphens, or an <c>orcid.org</c> URL), or null with the reason. The last character is the ISO 7064
    /// MOD 11-2 check digit over the first 15 digits ("X" stands for 10), so every single-digit error and
    /// every transposition of adjacent digits is caught.
    /// </summary>
    public static string? ParseOrcid(string text, out string? why)
    {
        var t = text.Trim();
        foreach (var prefix in (string[])["https://orcid.org/", "http://orcid.org/", "orcid.org/", "orcid:"])
            if (t.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) { t = t[prefix.Length..]; break; }
        Span<char> d = stackalloc char[16];
        int n = 0;
        foreach (char c in t)
        {
            if (c == '-') continue;
            if (n == 16) { why = "it has more than 16 digits"; return null; }
            d[n++] = c is 'x' ? 'X' : c;
        }
        if (n != 16) { why = "it has 16 digits in four groups of four (0000-0002-1825-0097)"; return null; }
        int total = 0;
        for (int k = 0; k < 15; k++)
        {
            if (d[k] is < '0' or > '9') { why = $"'{d[k]}' is not a digit"; return null; }
            total = (total + (d[k] - '0')) * 2;
        }
        int result = (12 - total % 11) % 11;
        char check = result == 10 ? 'X' : (char)('0' + result);
        if (d[15] != check) { why = $"the check digit is {check}, not {d[15]} (a digit is mistyped)"; return null; }
        why = null;
        return string.Concat(new string(d[..4]), "-", new string(d[4..8]), "-", new string(d[8..12]), "-" + new string(d[12..16]));
    }
}
