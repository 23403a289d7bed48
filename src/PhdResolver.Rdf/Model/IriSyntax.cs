using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PhdResolver.Rdf;

/// <summary>
/// The RFC 3987 grammar of an absolute IRI (§2.2 <c>IRI</c>: scheme, hierarchical part, optional
/// query and fragment), checked character by character: the one place that decides whether a
/// string from outside (a homepage, a base IRI option, a protocol parameter) is an IRI. Every
/// URI of RFC 3986 is an IRI, so this accepts URIs too. Unlike <see cref="Uri.TryCreate(string?, UriKind, out Uri?)"/>
/// it neither repairs nor normalises (spaces, backslashes, <c>&lt;&gt;</c>, unpaired
/// surrogates and broken percent-escapes are errors, not escaped on the fly), so what passes is
/// stored and written exactly as given and every RDF writer can write it.
/// </summary>
/// <remarks>
/// What passes, by construction: a scheme (<c>ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )</c>) and
/// ':'; after "//" an authority of iuserinfo@, a host (a bracketed IPv6 address or IPvFuture
/// literal, or a reg-name, which covers dotted IPv4) and a decimal port; a path, query and
/// fragment of the characters their productions allow, with every '%' followed by two hex
/// digits. Characters outside ASCII must be <c>ucschar</c> (or <c>iprivate</c> in the query):
/// no controls, no U+FFFE/U+FFFF, no noncharacters at the end of a plane, no lone surrogates.
/// </remarks>
public static class IriSyntax
{
    /// <summary>Longest IRI accepted (characters): far beyond any real one, short of a denial of service.</summary>
    public const int MaxLength = 8192;

    /// <summary>
    /// Null when <paramref name="text"/> is an absolute IRI whose scheme is one of
    /// <paramref name="schemes"/> (any scheme when null or empty; compared case-insensitively), else
    /// a one-line reason naming the first problem and its 1-based character position. Schemes with
    /// an authority by nature (http, https) must have a non-empty host.
    /// </summary>
    public static string? CheckAbsolute(string? text, IReadOnlyCollection<string>? schemes = null)
    {
        if (string.IsNullOrEmpty(text)) return "an empty string is not an IRI";
        if (text.Length > MaxLength) return $"longer than {MaxLength} characters";
        int colon = IriResolver.SchemeEnd(text);
        if (colon < 0)
            return text.Contains(':', StringComparison.Ordinal)
                ? "the scheme (the part before ':') must start with a letter and hold only letters, digits, '+', '-' and '.'"
                : "not an absolute IRI (no scheme such as 'https:'); relative references are not accepted here";
        string scheme = text[..colon];
        if (schemes is { Count: > 0 } && !schemes.Any(s => s.Equals(scheme, StringComparison.OrdinalIgnoreCase)))
            return $"the scheme '{scheme}' is not allowed here (allowed: {string.Join(", ", schemes)})";

        int pos = colon + 1;
        int n = text.Length;
        bool needsHost = scheme.Equals("http", StringComparison.OrdinalIgnoreCase) || scheme.Equals("https", StringComparison.OrdinalIgnoreCase);
        if (pos + 1 < n && text[pos] == '/' && text[pos + 1] == '/')
        {
            int start = pos + 2;
            int end = start;
            while (end < n && text[end] is not ('/' or '?' or '#')) end++;
            if (CheckAuthority(text, start, end, needsHost) is { } a) return a;
            pos = end;
        }
        else if (needsHost)
        {
            return $"an {scheme.ToLowerInvariant()} IRI needs '//' and a host after '{scheme}:'";
        }

        // Path: ipchar and '/'; then "?" iquery (ipchar, iprivate, '/', '?'); then "#" ifragment (ipchar, '/', '?').
        int part = 0; // 0 path, 1 query, 2 fragment
        for (int i = pos; i < n; i++)
        {
            char c = text[i];
            if (c == '?' && part == 0) { part = 1; continue; }
            if (c == '#' && part < 2) { part = 2; continue; }
            if (c == '/' || (c == '?' && part > 0)) continue;
            int r = IPChar(text, i, allowPrivate: part == 1, out string? why);
            if (r < 0) return At(text, i, why ?? "not allowed in " + (part == 0 ? "the path" : part == 1 ? "the query" : "the fragment"));
            i += r - 1;
        }
        return null;
    }

    /// <summary>True when <paramref name="text"/> is an absolute IRI (see <see cref="CheckAbsolute"/>).</summary>
    public static bool IsAbsolute(string? text, IReadOnlyCollection<string>? schemes = null) => CheckAbsolute(text, schemes) is null;

    /// <summary>The schemes a web page or web service may have.</summary>
    public static readonly IReadOnlyCollection<string> Web = ["http", "https"];

    private static string? CheckAuthority(string text, int start, int end, bool needsHost)
    {
        // iuserinfo "@" (the last '@': a userinfo cannot hold one unescaped, so any earlier one is an error below)
        int at = text.LastIndexOf('@', end - 1, end - start);
        if (at >= 0)
        {
            for (int i = start; i < at; i++)
            {
                if (text[i] == ':') continue;
                int r = Unreserved(text, i, allowPrivate: false, out string? why);
                if (r < 0) return At(text, i, why ?? "not allowed in the user information");
                i += r - 1;
            }
            start = at + 1;
        }
        // ihost [ ":" port ]
        int hostEnd = end;
        if (start < end && text[start] == '[')
        {
            int close = text.IndexOf(']', start, end - start);
            if (close < 0) return At(text, start, "'[' opens an IP literal that is not closed with ']'");
            var literal = text.AsSpan(start + 1, close - start - 1);
            if (literal.Length > 0 && (literal[0] is 'v' or 'V'))
            {
                if (!IsIpvFuture(literal)) return At(text, start, "not a valid IPvFuture literal");
            }
            else if (literal.Contains('%') || !IPAddress.TryParse(literal, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return At(text, start, "not a valid IPv6 address in brackets");
            }
            hostEnd = close + 1;
            if (hostEnd < end && text[hostEnd] != ':') return At(text, hostEnd, "only ':' and a port may follow an IP literal");
        }
        else
        {
            int colon = text.IndexOf(':', start, end - start);
            if (colon >= 0) hostEnd = colon;
            for (int i = start; i < hostEnd; i++)
            {
                int r = Unreserved(text, i, allowPrivate: false, out string? why);
                if (r < 0) return At(text, i, why ?? "not allowed in a host name");
                i += r - 1;
            }
        }
        if (needsHost && hostEnd == start) return At(text, start, "the host is empty");
        if (hostEnd < end)
        {
            // ":" port, port = *DIGIT (more than 65535 names no TCP port: refused, not wrapped)
            for (int i = hostEnd + 1; i < end; i++)
                if (!char.IsAsciiDigit(text[i])) return At(text, i, "the port must be decimal digits");
            int digits = end - hostEnd - 1;
            if (digits > 5 || digits > 0 && int.Parse(text.AsSpan(hostEnd + 1, digits), NumberStyles.None, CultureInfo.InvariantCulture) > 65535)
                return At(text, hostEnd + 1, "the port is larger than 65535");
        }
        return null;
    }

    private static bool IsIpvFuture(ReadOnlySpan<char> s)
    {
        // "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
        int i = 1;
        while (i < s.Length && char.IsAsciiHexDigit(s[i])) i++;
        if (i == 1 || i >= s.Length || s[i] != '.') return false;
        if (++i >= s.Length) return false;
        for (; i < s.Length; i++)
            if (!(char.IsAsciiLetterOrDigit(s[i]) || s[i] is '-' or '.' or '_' or '~' or ':' || IsSubDelim(s[i]))) return false;
        return true;
    }

    /// <summary>ipchar = iunreserved / pct-encoded / sub-delims / ":" / "@" (plus iprivate in a query).
    /// Returns the number of chars consumed, or -1.</summary>
    private static int IPChar(string s, int i, bool allowPrivate, out string? why)
    {
        why = null;
        if (s[i] is ':' or '@') return 1;
        return Unreserved(s, i, allowPrivate, out why);
    }

    /// <summary>iunreserved / pct-encoded / sub-delims (the characters of a reg-name and userinfo).</summary>
    private static int Unreserved(string s, int i, bool allowPrivate, out string? why)
    {
        why = null;
        char c = s[i];
        if (c < 0x80)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' || IsSubDelim(c)) return 1;
            if (c == '%')
            {
                if (i + 2 < s.Length && char.IsAsciiHexDigit(s[i + 1]) && char.IsAsciiHexDigit(s[i + 2])) return 3;
                why = "'%' must be followed by two hexadecimal digits";
                return -1;
            }
            why = c switch
            {
                ' ' => "a space is not allowed (write %20)",
                < ' ' or '\x7f' => $"the control character U+{(int)c:X4} is not allowed",
                _ => $"'{c}' is not allowed (write %{(int)c:X2})",
            };
            return -1;
        }
        int cp, len;
        if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { cp = char.ConvertToUtf32(c, s[i + 1]); len = 2; }
        else if (char.IsSurrogate(c)) { why = "a lone UTF-16 surrogate is not a character"; return -1; }
        else { cp = c; len = 1; }
        if (IsUcs(cp) || (allowPrivate && IsPrivate(cp))) return len;
        why = $"the character U+{cp:X4} is not allowed in an IRI";
        return -1;
    }

    private static bool IsSubDelim(char c) => c is '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or ';' or '=';

    /// <summary>RFC 3987 ucschar.</summary>
    private static bool IsUcs(int cp) =>
        cp is >= 0xA0 and <= 0xD7FF or >= 0xF900 and <= 0xFDCF or >= 0xFDF0 and <= 0xFFEF
        || (cp >= 0x10000 && cp <= 0xEFFFD && (cp & 0xFFFF) <= 0xFFFD && cp < 0xE0000 || cp is >= 0xE1000 and <= 0xEFFFD);

    /// <summary>RFC 3987 iprivate.</summary>
    private static bool IsPrivate(int cp) => cp is >= 0xE000 and <= 0xF8FF or >= 0xF0000 and <= 0xFFFFD or >= 0x100000 and <= 0x10FFFD;

    private static string At(string text, int i, string why) => $"{why} (character {i + 1})";
}
