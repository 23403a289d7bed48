using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PhdResolver.Web.Api;

/// <summary>One API token as stored: only its SHA-256, never the token itself.</summary>
public sealed record TokenEntry(string Id, string Facility, string Sha256, DateTimeOffset Created, string? Note);

/// <summary>
/// Bearer tokens for the write API, in tokens.json in the data directory. Only hashes are kept
/// (a leaked file grants nothing); a token is scoped to one facility PID, or "*" for an
/// administrator (who alone may register facilities). The file is re-read when it changes, so
/// `phd token create` works while the server runs.
/// </summary>
public sealed class TokenStore
{
    public const string FileName = "tokens.json";
    public const string Admin = "*";
    private readonly string _path;
    private readonly Lock _lock = new();
    private DateTime _loadedAt;
    private List<TokenEntry> _entries = [];

    public TokenStore(string dataDirectory) => _path = Path.Combine(dataDirectory, FileName);

    /// <summary>Creates a token for a facility (or <see cref="Admin"/>) and returns it; it is shown once, never stored.</summary>
    public string Create(string facility, string? note, DateTimeOffset now)
    {
        var secret = "phd_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        lock (_lock)
        {
            var entries = Read();
            entries.Add(new TokenEntry(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)), facility, Hash(secret), now, note));
            var tmp = _path + ".tmp";
            File.WriteAllText(tmp, JsonSerializer.Serialize(entries, new JsonSerializerOptions { WriteIndented = true }));
            File.Move(tmp, _path, overwrite: true);
            _entries = entries;
            _loadedAt = File.GetLastWriteTimeUtc(_path);
        }
        return secret;
    }

    /// <summary>The entry a presented token belongs to, or null. Comparison is constant-time on the hashes.</summary>
    public TokenEntry? Find(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200) return null;
        var presented = Convert.FromHexString(Hash(token));
        List<TokenEntry> entries;
        lock (_lock)
        {
            if (File.Exists(_path) && File.GetLastWriteTimeUtc(_path) != _loadedAt)
            {
                _entries = Read();
                _loadedAt = File.GetLastWriteTimeUtc(_path);
            }
            entries = _entries;
        }
        foreach (var e in entries)
            if (CryptographicOperations.FixedTimeEquals(presented, Convert.FromHexString(e.Sha256))) return e;
        return null;
    }

    private List<TokenEntry> Read() =>
        File.Exists(_path) ? JsonSerializer.Deserialize<List<TokenEntry>>(File.ReadAllText(_path)) ?? [] : [];

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
