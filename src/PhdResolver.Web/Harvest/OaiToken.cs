using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PhdResolver.Registry.Harvest;

namespace PhdResolver.Web.Harvest;

/// <summary>
/// An OAI-PMH resumptionToken that carries the whole harvest with it: the original arguments (format,
/// from, until, set) and the keyset position (datestamp, PID) of the last item sent. The server keeps no
/// state, so a token survives restarts and stays valid while records are added (they sort after it).
/// <para>
/// Shape: <c>base64url(payload) "." base64url(check)</c>, the check being the first 9 bytes of SHA-256
/// over a fixed label and the payload. It is a checksum against truncated, retyped or made-up tokens (all
/// answered badResumptionToken), not a secret: a token grants nothing a plain request could not ask for.
/// </para>
/// </summary>
internal sealed record OaiToken(string MetadataPrefix, DateTimeOffset? From, DateTimeOffset? Until, string? Set, HarvestCursor After)
{
    private const string Version = "1";
    private static readonly byte[] Label = "phd-oai-resumption-token\n"u8.ToArray();
    /// <summary>Longer tokens are refused before decoding (a PID is at most a few hundred characters).</summary>
    public const int MaxLength = 2048;

    public string Encode()
    {
        string payload = string.Join('\n', Version, MetadataPrefix, Ticks(From), Ticks(Until), Set ?? "", After.Datestamp.UtcTicks.ToString(CultureInfo.InvariantCulture), After.Key);
        var bytes = Encoding.UTF8.GetBytes(payload);
        return Base64Url(bytes) + "." + Base64Url(Check(bytes));
    }

    /// <summary>Decodes a token this server issued; null for anything else (wrong shape, check, version or fields).</summary>
    public static OaiToken? TryDecode(string token)
    {
        if (token.Length is 0 or > MaxLength) return null;
        int dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot != token.LastIndexOf('.')) return null;
        var payload = FromBase64Url(token.AsSpan(0, dot));
        var check = FromBase64Url(token.AsSpan(dot + 1));
        if (payload is null || check is null || !CryptographicOperations.FixedTimeEquals(check, Check(payload))) return null;
        string text;
        try { text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(payload); }
        catch (DecoderFallbackException) { return null; }
        var f = text.Split('\n');
        if (f.Length != 7 || f[0] != Version || !OaiFormats.IsKnown(f[1]) || f[6].Length == 0) return null;
        if (!TryTicks(f[2], out var from) || !TryTicks(f[3], out var until) || !TryTicks(f[5], out var at) || at is null) return null;
        return new OaiToken(f[1], from, until, f[4].Length == 0 ? null : f[4], new HarvestCursor(at.Value, f[6]));
    }

    private static string Ticks(DateTimeOffset? t) => t is { } v ? v.UtcTicks.ToString(CultureInfo.InvariantCulture) : "";

    private static bool TryTicks(string s, out DateTimeOffset? t)
    {
        t = null;
        if (s.Length == 0) return true;
        if (!long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out long ticks) || ticks > DateTimeOffset.MaxValue.UtcTicks) return false;
        t = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }

    private static byte[] Check(byte[] payload)
    {
        var all = new byte[Label.Length + payload.Length];
        Label.CopyTo(all, 0);
        payload.CopyTo(all, Label.Length);
        return SHA256.HashData(all)[..9];
    }

    private static string Base64Url(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? FromBase64Url(ReadOnlySpan<char> s)
    {
        if (s.Length == 0) return null;
        var sb = new StringBuilder(s.Length + 3);
        foreach (char c in s)
        {
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(c);
            else if (c == '-') sb.Append('+');
            else if (c == '_') sb.Append('/');
            else return null;
        }
        while (sb.Length % 4 != 0) sb.Append('=');
        try { return Convert.FromBase64String(sb.ToString()); }
        catch (FormatException) { return null; }
    }
}

/// <summary>The metadata formats: <c>oai_dc</c> (every record) and <c>oai_datacite</c> (DataCite kernel-4 <c>resource</c>, as in OpenAIRE's guidelines; instruments and configurations).</summary>
internal static class OaiFormats
{
    public const string Dc = "oai_dc";
    public const string DataCite = "oai_datacite";

    public static bool IsKnown(string prefix) => prefix is Dc or DataCite;

    public static IEnumerable<(string Prefix, string Schema, string Namespace)> For(HarvestItem? item)
    {
        yield return (Dc, Registry.Harvest.DublinCoreXml.OaiDcSchema, Registry.Harvest.DublinCoreXml.OaiDcNamespace);
        if (item is null || item.HasDataCite) yield return (DataCite, DataCiteXml.SchemaLocation, DataCiteXml.Namespace);
    }
}
