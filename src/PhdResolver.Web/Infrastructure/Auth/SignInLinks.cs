using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace PhdResolver.Web.Infrastructure.Auth;

/// <summary>
/// One-time sign-in links for the staff pages, printed by <c>phd token create</c>: the code names the
/// token (by id) and a random nonce, encrypted and authenticated with the data directory's key ring
/// (<see cref="PhdAuth.KeyDirectory"/>) and valid for <see cref="Lifetime"/>. A used nonce is written to
/// <c>keys/used-sign-in-links</c> before the session starts, so a link works once, across restarts too.
/// Opening a link shows a button (a GET has no effect: link scanners and prefetchers cannot use it up).
/// </summary>
public sealed class SignInLinks
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);
    private const string Purpose = "phd.staff.sign-in-link.v1";
    private const string UsedFile = "used-sign-in-links";

    private readonly ITimeLimitedDataProtector _protector;
    private readonly string _usedPath;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _used = new(StringComparer.Ordinal);

    public SignInLinks(IDataProtectionProvider provider, WebOptions options)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(options);
        _protector = provider.CreateProtector(Purpose).ToTimeLimitedDataProtector();
        _usedPath = Path.Combine(PhdAuth.KeyDirectory(options.DataDirectory), UsedFile);
        if (File.Exists(_usedPath))
            foreach (var line in File.ReadAllLines(_usedPath))
                if (line.Split(' ') is [var nonce, var until] && long.TryParse(until, NumberStyles.None, CultureInfo.InvariantCulture, out long u))
                    _used[nonce] = DateTimeOffset.FromUnixTimeSeconds(u);
    }

    /// <summary>A link for <paramref name="tokenId"/> under <paramref name="baseUri"/>, signed with the key ring of <paramref name="dataDirectory"/>.</summary>
    public static string Create(string dataDirectory, Uri baseUri, string tokenId)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        var provider = DataProtectionProvider.Create(new DirectoryInfo(PhdAuth.KeyDirectory(dataDirectory)), b => b.SetApplicationName(PhdAuth.ApplicationName));
        var protector = provider.CreateProtector(Purpose).ToTimeLimitedDataProtector();
        string nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        string code = protector.Protect(tokenId + "\n" + nonce, DateTimeOffset.UtcNow + Lifetime);
        return baseUri.AbsoluteUri.TrimEnd('/') + PhdAuth.StaffPath + "/sign-in/link?code=" + Uri.EscapeDataString(code);
    }

    /// <summary>The token id a code names, if the code is authentic, unexpired and unused; the caller then marks it used.</summary>
    public string? Peek(string? code, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(code) || code.Length > 2000) { error = "the sign-in link is incomplete"; return null; }
        string text;
        try { text = _protector.Unprotect(code, out _); }
        catch (CryptographicException) { error = "the sign-in link is not valid or has expired (links work for 24 hours); ask for a new one"; return null; }
        var parts = text.Split('\n');
        if (parts.Length != 2) { error = "the sign-in link is not valid"; return null; }
        lock (_lock)
            if (_used.ContainsKey(parts[1])) { error = "the sign-in link was already used; a link works once"; return null; }
        return parts[0];
    }

    /// <summary>Uses the link up (durably) and returns its token id; null with <paramref name="error"/> when it cannot be used.</summary>
    public string? Consume(string? code, out string? error)
    {
        var id = Peek(code, out error);
        if (id is null) return null;
        var nonce = _protector.Unprotect(code!, out var expires).Split('\n')[1];
        lock (_lock)
        {
            if (_used.ContainsKey(nonce)) { error = "the sign-in link was already used; a link works once"; return null; }
            var now = DateTimeOffset.UtcNow;
            foreach (var old in _used.Where(kv => kv.Value < now).Select(kv => kv.Key).ToList()) _used.Remove(old);
            _used[nonce] = expires;
            // Rewritten whole (it holds only unexpired nonces), via a temporary file: a crash leaves the old or the new list.
            Directory.CreateDirectory(Path.GetDirectoryName(_usedPath)!);
            var tmp = _usedPath + ".tmp";
            using (var f = new FileStream(tmp, FileMode.Create, FileAccess.Write))
            {
                var bytes = Encoding.ASCII.GetBytes(string.Concat(_used.Select(kv => kv.Key + " " + kv.Value.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "\n")));
                f.Write(bytes);
                f.Flush(flushToDisk: true);
            }
            File.Move(tmp, _usedPath, overwrite: true);
        }
        return id;
    }
}
