namespace PhdResolver.Registry.Pids;

/// <summary>
/// Reads PIDs (compact forms, any prefix case, percent-encoded or not), concatenated PHD paths,
/// and the URL forms of the global resolvers. Every parse reports whether the input was already
/// canonical, so the web layer can 301 to <see cref="PhdPath.ToString"/>. Pure functions: no
/// registry lookups (whether a PID exists is the <c>Resolver</c>'s question).
/// </summary>
public static class PidParser
{
    private const string Schemes = "RRID:, ror:, doi:, hdl: or phd:";

    // ---- single PIDs

    public static Pid ParsePid(string text) =>
        TryParsePid(text, out var pid, out _, out var error) ? pid : throw new PidFormatException($"'{Shorten(text)}': {error}");

    /// <summary>Parses one compact PID (<c>doi:10.5281/zenodo.123</c>, <c>rrid:scr_017406</c>, …).</summary>
    public static bool TryParsePid(string? text, out Pid pid, out bool canonical, out string? error)
    {
        pid = default;
        canonical = false;
        if (string.IsNullOrWhiteSpace(text)) { error = "empty identifier"; return false; }
        string s = Decode(text);
        if (!TryParseDecoded(s, out pid, out error)) return false;
        canonical = string.Equals(pid.ToString(), text, StringComparison.Ordinal);
        return true;
    }

    private static bool TryParseDecoded(string s, out Pid pid, out string? error)
    {
        pid = default;
        foreach (char c in s)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c)) { error = "identifiers contain no spaces or control characters"; return false; }
        }
        int colon = s.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) { error = $"no scheme prefix (expected {Schemes})"; return false; }
        var prefix = s.AsSpan(0, colon);
        string rest = s[(colon + 1)..];
        if (prefix.Equals("rrid", StringComparison.OrdinalIgnoreCase)) return TryRrid(rest, out pid, out error);
        if (prefix.Equals("ror", StringComparison.OrdinalIgnoreCase)) return TryRor(rest, out pid, out error);
        if (prefix.Equals("doi", StringComparison.OrdinalIgnoreCase)) return TryDoi(rest, out pid, out error);
        if (prefix.Equals("hdl", StringComparison.OrdinalIgnoreCase)) return TryHandle(rest, out pid, out error);
        if (prefix.Equals("phd", StringComparison.OrdinalIgnoreCase))
        {
            if (!PhdAccession.TryParse(rest, out var a, out error)) return false;
            pid = Pid.FromAccession(a);
            return true;
        }
        error = $"unknown scheme '{Shorten(prefix.ToString())}:' (expected {Schemes})";
        return false;
    }

    private static bool TryRrid(string id, out Pid pid, out string? error)
    {
        pid = default;
        // <authority>_<local id>: SCR_017406, AB_90755, CVCL_0030.
        int us = id.IndexOf('_', StringComparison.Ordinal);
        if (us <= 0 || us == id.Length - 1) { error = "an RRID looks like RRID:SCR_017406"; return false; }
        for (int i = 0; i < us; i++)
            if (!char.IsAsciiLetter(id[i])) { error = "an RRID authority (before '_') is letters only, as in SCR_"; return false; }
        for (int i = us + 1; i < id.Length; i++)
            if (!char.IsAsciiLetterOrDigit(id[i]) && id[i] is not ('_' or '-' or '.')) { error = $"'{id[i]}' is not allowed in an RRID"; return false; }
        pid = new Pid(PidScheme.Rrid, id.ToUpperInvariant());
        error = null;
        return true;
    }

    /// <summary>ROR ids: '0', six Crockford symbols, two check digits (ISO 7064 MOD 97-10 of the six).</summary>
    internal static bool IsRorId(ReadOnlySpan<char> id)
    {
        if (id.Length != 9 || id[0] != '0' || !char.IsAsciiDigit(id[7]) || !char.IsAsciiDigit(id[8])) return false;
        long n = 0;
        for (int i = 1; i < 7; i++)
        {
            char c = id[i];
            if (c is 'i' or 'I' or 'l' or 'L' or 'o' or 'O' or 'u' or 'U') return false; // ROR writes only canonical symbols
            int v = Crockford.DecodeSymbol(c);
            if (v < 0) return false;
            n = n * 32 + v;
        }
        int check = (id[7] - '0') * 10 + (id[8] - '0');
        return 98 - (int)(n * 100 % 97) == check;
    }

    private static bool TryRor(string id, out Pid pid, out string? error)
    {
        pid = default;
        if (!IsRorId(id)) { error = "a ROR id is '0', six base32 symbols and two check digits, as in ror:03vek6s52"; return false; }
        pid = new Pid(PidScheme.Ror, id.ToLowerInvariant());
        error = null;
        return true;
    }

    private static bool TryDoi(string id, out Pid pid, out string? error)
    {
        pid = default;
        int slash = id.IndexOf('/', StringComparison.Ordinal);
        if (!id.StartsWith("10.", StringComparison.Ordinal) || slash < 4 || slash == id.Length - 1)
        {
            error = "a DOI is 10.<registrant>/<suffix>, as in doi:10.5281/zenodo.123";
            return false;
        }
        for (int i = 3; i < slash; i++)
            if (!char.IsAsciiDigit(id[i]) && id[i] != '.') { error = "a DOI registrant code (between '10.' and '/') is digits and dots"; return false; }
        pid = new Pid(PidScheme.Doi, id.ToLowerInvariant());
        error = null;
        return true;
    }

    private static bool TryHandle(string id, out Pid pid, out string? error)
    {
        pid = default;
        int slash = id.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == id.Length - 1) { error = "a Handle is <prefix>/<suffix>, as in hdl:21.T11998/abc"; return false; }
        if (id.StartsWith("10.", StringComparison.Ordinal)) return TryDoi(id, out pid, out error); // 10.* handles are DOIs
        pid = new Pid(PidScheme.Handle, string.Concat(id.AsSpan(0, slash).ToString().ToUpperInvariant(), id.AsSpan(slash)));
        error = null;
        return true;
    }

    // ---- concatenated paths

    public static PhdPath ParsePath(string path) =>
        TryParsePath(path, out var p, out var error) ? p! : throw new PidFormatException($"'{Shorten(path)}': {error}");

    /// <summary>
    /// Parses <c>/{facility}/{model}/{instance}/{config}</c> or any prefix of it, or a lone
    /// <c>/{pid}</c> (and <c>/{instance pid}/{config}</c>). The leading slash is optional; trailing
    /// slashes, percent-encoding (<c>%2F</c> in a DOI) and non-canonical case are accepted and make
    /// <see cref="PhdPath.WasCanonical"/> false.
    /// </summary>
    public static bool TryParsePath(string? path, out PhdPath? result, out string? error)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(path)) { error = "empty path"; return false; }
        string d = Decode(path).TrimStart('/').TrimEnd('/');
        if (d.Length == 0) { error = "empty path"; return false; }
        var segs = d.Split('/');
        PhdPath? p;
        if (StartsWithScheme(segs[0], "doi") || StartsWithScheme(segs[0], "hdl"))
        {
            // A lone instance: everything is its PID, but perhaps a config segment.
            if (!TryInstanceTail(segs, 0, out var inst, out var config, out error)) return false;
            p = PhdPath.OfPid(inst, config);
        }
        else
        {
            if (!TryParseDecoded(segs[0], out var first, out error)) return false;
            if (segs.Length == 1) p = PhdPath.OfPid(first);
            else if (first.Scheme == PidScheme.Phd && segs.Length == 2 && ConfigRef.TryParse(segs[1], out var c, out _))
                p = PhdPath.OfPid(first, c); // /phd:<instance>/c2
            else
            {
                if (!first.CanBeFacility) { error = $"{first} cannot name a facility (RRID, ROR or phd)"; return false; }
                if (!TryParseDecoded(segs[1], out var model, out error)) { error = "model segment: " + error; return false; }
                if (!model.CanBeModel) { error = $"{model} cannot name an instrument model (RRID or phd)"; return false; }
                if (segs.Length == 2) p = PhdPath.Of(first, model);
                else
                {
                    if (!TryInstanceTail(segs, 2, out var inst, out var config, out error)) return false;
                    p = PhdPath.Of(first, model, inst, config);
                }
            }
        }
        string canonical = p.ToString();
        result = p with { WasCanonical = string.Equals(canonical, path, StringComparison.Ordinal) };
        error = null;
        return true;
    }

    /// <summary>segs[start..] is an instance PID, optionally followed by a config segment.</summary>
    private static bool TryInstanceTail(string[] segs, int start, out Pid instance, out ConfigRef? config, out string? error)
    {
        config = null;
        int n = segs.Length - start;
        // The last segment is the config if it looks like one and the rest is an instance PID:
        // a DOI ending in "/c3" is read as instance + config, which is what the contract says.
        if (n >= 2 && ConfigRef.TryParse(segs[^1], out var c, out _)
            && TryParseDecoded(string.Join('/', segs, start, n - 1), out instance, out _) && instance.CanBeInstance)
        {
            config = c;
            error = null;
            return true;
        }
        if (!TryParseDecoded(string.Join('/', segs, start, n), out instance, out error)) { error = "instance segment: " + error; return false; }
        if (!instance.CanBeInstance) { error = $"{instance} cannot name an instrument instance (DOI, Handle or phd)"; return false; }
        return true;
    }

    // ---- anything a user may paste into /resolve?pid=

    public static PhdPath ParseAny(string input) =>
        TryParseAny(input, out var p, out var error) ? p! : throw new PidFormatException($"'{Shorten(input)}': {error}");

    /// <summary>
    /// Reads a concatenated path, a compact PID, a bare DOI / RRID / ROR id / accession, or a
    /// resolver URL: <c>https://doi.org/…</c>, <c>https://dx.doi.org/…</c>,
    /// <c>https://hdl.handle.net/…</c>, <c>https://ror.org/…</c>, <c>https://identifiers.org/…</c>,
    /// <c>https://scicrunch.org/resolver/…</c>. Only a leading-slash path can be canonical.
    /// </summary>
    public static bool TryParseAny(string? input, out PhdPath? result, out string? error)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(input)) { error = "empty identifier"; return false; }
        string s = input.Trim();
        if (s.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || s.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (!TryFromUrl(s, out var compact, out error)) return false;
            s = compact!;
        }
        else if (s.StartsWith('/'))
        {
            return TryParsePath(s, out result, out error);
        }
        else if (s.StartsWith("info:doi/", StringComparison.OrdinalIgnoreCase)) s = "doi:" + s[9..];
        else if (s.StartsWith("urn:doi:", StringComparison.OrdinalIgnoreCase)) s = "doi:" + s[8..];
        else s = AddBarePrefix(Decode(s));
        if (!TryParsePath("/" + s, out result, out error)) return false;
        result = result! with { WasCanonical = false };
        return true;
    }

    private static string AddBarePrefix(string s)
    {
        if (s.StartsWith("10.", StringComparison.Ordinal) && s.Contains('/', StringComparison.Ordinal)) return "doi:" + s;
        int colon = s.IndexOf(':', StringComparison.Ordinal);
        int slash = s.IndexOf('/', StringComparison.Ordinal);
        if (colon > 0 && (slash < 0 || colon < slash)) return s; // has a scheme already
        if (s.StartsWith("SCR_", StringComparison.OrdinalIgnoreCase)) return "RRID:" + s;
        if (IsRorId(s)) return "ror:" + s;
        if (PhdAccession.TryParse(s, out _, out _)) return "phd:" + s;
        return s;
    }

    private static bool TryFromUrl(string url, out string? compact, out string? error)
    {
        compact = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) { error = "not a valid URL"; return false; }
        string host = uri.Host.ToLowerInvariant();
        if (host.StartsWith("www.", StringComparison.Ordinal)) host = host[4..];
        // AbsolutePath keeps %2F escaped; Decode below turns it into '/'.
        string path = Decode(uri.AbsolutePath.TrimStart('/'));
        if (path.Length == 0) { error = "the URL names no identifier"; return false; }
        switch (host)
        {
            case "doi.org" or "dx.doi.org":
                compact = path.StartsWith("doi:", StringComparison.OrdinalIgnoreCase) ? path : "doi:" + path;
                break;
            case "hdl.handle.net":
                compact = "hdl:" + path;
                break;
            case "ror.org":
                compact = "ror:" + path.TrimEnd('/');
                break;
            case "identifiers.org" or "n2t.net":
                // identifiers.org/RRID:SCR_1, identifiers.org/rrid/RRID:SCR_1, identifiers.org/doi:10.1/x
                int slash = path.IndexOf('/', StringComparison.Ordinal);
                if (slash > 0 && !path.AsSpan(0, slash).Contains(':')) path = path[(slash + 1)..];
                compact = path.TrimEnd('/');
                break;
            case "scicrunch.org" when path.StartsWith("resolver/", StringComparison.OrdinalIgnoreCase):
                compact = path[9..].TrimEnd('/');
                break;
            default:
                error = $"unknown resolver host '{host}' (doi.org, hdl.handle.net, ror.org, identifiers.org, scicrunch.org)";
                return false;
        }
        error = null;
        return true;
    }

    // ---- helpers

    private static bool StartsWithScheme(string seg, string scheme) =>
        seg.Length > scheme.Length && seg[scheme.Length] == ':' && seg.AsSpan(0, scheme.Length).Equals(scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>Percent-decodes (UTF-8) when there is anything to decode.</summary>
    private static string Decode(string s) => s.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(s) : s;

    private static string Shorten(string s) => s.Length <= 80 ? s : string.Concat(s.AsSpan(0, 77), "...");
}
