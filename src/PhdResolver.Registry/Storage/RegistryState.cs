using System.Collections.Concurrent;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;

namespace PhdResolver.Registry.Storage;

/// <summary>Where a PID points: its level and the primary PID of its record.</summary>
public readonly record struct PidEntry(PidLevel Level, string Record);

/// <summary>
/// The registry held in memory for O(1) resolution (built from SQLite at open, updated after
/// each commit). Readers need no lock: every value is an immutable record and each change
/// replaces one dictionary entry; writers are serialised by the registry's write gate, and
/// publish children after their parents so a reader never finds a dangling reference.
/// </summary>
internal sealed class RegistryState
{
    public ConcurrentDictionary<string, PidEntry> Pids { get; } = new(StringComparer.Ordinal);
    public ConcurrentDictionary<string, FacilityRecord> Facilities { get; } = new(StringComparer.Ordinal);
    public ConcurrentDictionary<string, ModelRecord> Models { get; } = new(StringComparer.Ordinal);
    public ConcurrentDictionary<string, InstanceRecord> Instances { get; } = new(StringComparer.Ordinal);
    /// <summary>By canonical accession (<c>phd:XXXX-XXXX-XX</c>).</summary>
    public ConcurrentDictionary<string, DescriptorVersion> Versions { get; } = new(StringComparer.Ordinal);
    /// <summary>Instance PID -> its versions, index N-1 holds c&lt;N&gt;. Arrays are replaced, never mutated.</summary>
    public ConcurrentDictionary<string, DescriptorVersion[]> InstanceVersions { get; } = new(StringComparer.Ordinal);
    /// <summary>Every accession value ever minted (touched under the write gate only).</summary>
    public HashSet<ulong> Accessions { get; } = [];
    /// <summary>External identifier claims (<see cref="Records.ExternalId.Key"/>) -> the record's primary PID.</summary>
    public ConcurrentDictionary<string, string> IdentifierClaims { get; } = new(StringComparer.Ordinal);
    /// <summary>Version accession -> its related works, in the order added. Arrays are replaced, never mutated.</summary>
    public ConcurrentDictionary<string, Records.RelatedWork[]> Related { get; } = new(StringComparer.Ordinal);

    public Records.RelatedWork[] RelatedOf(Records.DescriptorVersion v) => Related.TryGetValue(v.Accession.ToString(), out var r) ? r : [];

    /// <summary>Acquisition settings records by canonical accession (<c>phd:XXXX-XXXX-XX</c>).</summary>
    public ConcurrentDictionary<string, Records.SettingsRecord> Settings { get; } = new(StringComparer.Ordinal);
    /// <summary>Version accession -> its settings records, oldest first (withdrawn ones included). Arrays are replaced, never mutated.</summary>
    public ConcurrentDictionary<string, Records.SettingsRecord[]> VersionSettings { get; } = new(StringComparer.Ordinal);

    public Records.SettingsRecord[] SettingsOf(Records.DescriptorVersion v) => VersionSettings.TryGetValue(v.Accession.ToString(), out var r) ? r : [];

    /// <summary>Publishes a new or withdrawn settings record (replaces it in its version's list).</summary>
    public void PutSettings(Records.SettingsRecord r)
    {
        Settings[r.Accession.ToString()] = r;
        string key = r.Version.ToString();
        var old = VersionSettings.TryGetValue(key, out var l) ? l : [];
        int at = Array.FindIndex(old, x => x.Accession == r.Accession);
        VersionSettings[key] = at < 0 ? [.. old, r] : [.. old[..at], r, .. old[(at + 1)..]];
    }

    /// <summary>
    /// A copy a batch stages its records in (RegistryService.WriteBatch): the collections are new, the records
    /// (immutable) shared. Every collection of this class must be copied here (RegistryStateTests checks by reflection).
    /// </summary>
    public RegistryState Clone()
    {
        var c = new RegistryState();
        foreach (var (k, v) in Pids) c.Pids[k] = v;
        foreach (var (k, v) in Facilities) c.Facilities[k] = v;
        foreach (var (k, v) in Models) c.Models[k] = v;
        foreach (var (k, v) in Instances) c.Instances[k] = v;
        foreach (var (k, v) in Versions) c.Versions[k] = v;
        foreach (var (k, v) in InstanceVersions) c.InstanceVersions[k] = v;
        c.Accessions.UnionWith(Accessions);
        foreach (var (k, v) in IdentifierClaims) c.IdentifierClaims[k] = v;
        foreach (var (k, v) in Related) c.Related[k] = v;
        foreach (var (k, v) in Settings) c.Settings[k] = v;
        foreach (var (k, v) in VersionSettings) c.VersionSettings[k] = v;
        return c;
    }

    /// <summary>
    /// Brings this state to <paramref name="loaded"/> (another replica's writes, read back from the database):
    /// parents first, then children, then stale entries removed, so a reader never meets a dangling reference.
    /// Every collection of this class must be handled here, as in <see cref="Clone"/>.
    /// </summary>
    public void ReplaceWith(RegistryState loaded)
    {
        Sync(Facilities, loaded.Facilities);
        Sync(Models, loaded.Models);
        Sync(Instances, loaded.Instances);
        Sync(Versions, loaded.Versions);
        Sync(InstanceVersions, loaded.InstanceVersions);
        Sync(Related, loaded.Related);
        Sync(Settings, loaded.Settings);
        Sync(VersionSettings, loaded.VersionSettings);
        Sync(IdentifierClaims, loaded.IdentifierClaims);
        Sync(Pids, loaded.Pids);
        Accessions.UnionWith(loaded.Accessions); // minted accessions are never deleted
    }

    /// <summary>
    /// Brings the records named by <paramref name="keys"/> to <paramref name="loaded"/> (their rows, read back by
    /// <see cref="RegistryRows.LoadSome"/>): each is replaced, or removed when the database no longer has it, in
    /// the order of <see cref="ReplaceWith"/>; every other record stays as it is. Every collection of this class
    /// must be handled here too.
    /// </summary>
    public void ReplaceSome(RegistryState loaded, IReadOnlySet<string> keys)
    {
        foreach (var k in keys) Put(Facilities, loaded.Facilities, k);
        foreach (var k in keys) Put(Models, loaded.Models, k);
        foreach (var k in keys) Put(Instances, loaded.Instances, k);
        // A version row is never deleted (a restore reloads everything): the loaded ones replace theirs in place.
        foreach (var v in loaded.Versions.Values.OrderBy(v => v.Number)) PutVersion(v);
        foreach (var k in keys) Put(Related, loaded.Related, k); // keyed by version: its last link removed is no entry
        foreach (var st in loaded.Settings.Values.OrderBy(x => x.Provenance.Created)) PutSettings(st);
        foreach (var (claim, record) in IdentifierClaims)
            if (keys.Contains(record) && !loaded.IdentifierClaims.ContainsKey(claim)) IdentifierClaims.TryRemove(claim, out _);
        foreach (var (k, v) in loaded.IdentifierClaims) IdentifierClaims[k] = v;
        foreach (var (k, v) in loaded.Pids) Pids[k] = v; // PIDs and aliases are never deleted
        Accessions.UnionWith(loaded.Accessions);
    }

    private static void Put<T>(ConcurrentDictionary<string, T> into, ConcurrentDictionary<string, T> from, string key)
    {
        if (from.TryGetValue(key, out var v)) into[key] = v;
        else into.TryRemove(key, out _);
    }

    private static void Sync<T>(ConcurrentDictionary<string, T> into, ConcurrentDictionary<string, T> from)
    {
        foreach (var (k, v) in from) into[k] = v;
        foreach (var k in into.Keys)
            if (!from.ContainsKey(k)) into.TryRemove(k, out _);
    }

    public DescriptorVersion[] VersionsOf(Pid instance) =>
        InstanceVersions.TryGetValue(instance.ToString(), out var v) ? v : [];

    public void PutVersion(DescriptorVersion v)
    {
        Versions[v.Accession.ToString()] = v;
        string key = v.Instance.ToString();
        var old = VersionsOf(v.Instance);
        var next = old.Length >= v.Number ? (DescriptorVersion[])old.Clone() : new DescriptorVersion[v.Number];
        Array.Copy(old, next, Math.Min(old.Length, next.Length));
        next[v.Number - 1] = v;
        InstanceVersions[key] = next;
    }
}
