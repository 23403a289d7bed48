using System.Collections.Concurrent;
using System.Security.Cryptography;
using PhdResolver.Rdf;

namespace PhdResolver.Web.Staff;

/// <summary>
/// Uploads between their preview and their registration, in memory only (a preview writes nothing).
/// Each is bound to the token that uploaded it, expires after <see cref="Lifetime"/>, and is taken out
/// on commit, which re-reads and re-validates the file: nothing the browser sends back but the random id
/// is trusted. Bounded: <see cref="Capacity"/> uploads in all, the oldest dropped first.
/// </summary>
internal sealed class PreviewStash(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    public const int Capacity = 64;

    internal sealed record Upload(string TokenId, string Instance, int Tier, string FileName, RdfFormat? Format, string Text, DateTimeOffset Created);

    private readonly ConcurrentDictionary<string, Upload> _uploads = new(StringComparer.Ordinal);

    public string Put(Upload upload)
    {
        var now = clock.GetUtcNow();
        foreach (var (key, u) in _uploads)
            if (now - u.Created > Lifetime) _uploads.TryRemove(key, out _);
        while (_uploads.Count >= Capacity && _uploads.OrderBy(kv => kv.Value.Created).Select(kv => kv.Key).FirstOrDefault() is { } oldest)
            _uploads.TryRemove(oldest, out _);
        string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _uploads[id] = upload;
        return id;
    }

    /// <summary>Takes the upload <paramref name="id"/> of <paramref name="tokenId"/> out (so it registers once), or null.</summary>
    public Upload? Take(string? id, string tokenId)
    {
        if (string.IsNullOrEmpty(id) || !_uploads.TryGetValue(id, out var u) || u.TokenId != tokenId) return null;
        if (clock.GetUtcNow() - u.Created > Lifetime || !_uploads.TryRemove(id, out u)) return null;
        return u;
    }

    /// <summary>Puts an upload back under its id (its registration was refused for a reason that may pass, e.g. a busy server).</summary>
    public void Restore(string id, Upload upload) => _uploads.TryAdd(id, upload);
}
