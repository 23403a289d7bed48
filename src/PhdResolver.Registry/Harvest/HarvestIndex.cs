using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;
using PhdResolver.Registry.Storage;

namespace PhdResolver.Registry.Harvest;

/// <summary>What a harvest asks for: a datestamp range (inclusive, UTC), a set, and whether only records with DataCite XML count.</summary>
public readonly record struct HarvestFilter(DateTimeOffset? From, DateTimeOffset? Until, string? Set, bool DataCiteOnly)
{
    public bool Matches(HarvestItem i) =>
        (!DataCiteOnly || i.HasDataCite)
        && (From is not { } f || i.Datestamp >= f)
        && (Until is not { } u || i.Datestamp <= u)
        && (Set is null || i.InSet(Set));
}

/// <summary>A position in the harvest order: after the item with this datestamp and key.</summary>
public readonly record struct HarvestCursor(DateTimeOffset Datestamp, string Key);

/// <summary>One page of a harvest: the items, where the next page starts (null: last page), and counts for OAI-PMH's resumptionToken attributes.</summary>
public sealed record HarvestPage(IReadOnlyList<HarvestItem> Items, HarvestCursor? Next, int CompleteListSize, int Cursor);

/// <summary>
/// Every record in harvest order, (datestamp, PID) ascending: a keyset a client can page through with
/// a <see cref="HarvestCursor"/> that stays meaningful across restarts and while records are added or
/// change (they move to the end; nothing before the cursor is skipped or shifted). Immutable; the
/// registry builds a new one after a change, on first use.
/// </summary>
public sealed class HarvestIndex
{
    private readonly HarvestItem[] _items;
    private readonly Dictionary<string, HarvestItem> _byKey;

    private HarvestIndex(HarvestItem[] items)
    {
        _items = items;
        _byKey = new Dictionary<string, HarvestItem>(items.Length, StringComparer.Ordinal);
        foreach (var i in items) _byKey[i.Key] = i;
    }

    public int Count => _items.Length;
    public IReadOnlyList<HarvestItem> Items => _items;

    /// <summary>The earliest datestamp (OAI-PMH Identify's earliestDatestamp); null when empty.</summary>
    public DateTimeOffset? Earliest => _items.Length == 0 ? null : _items[0].Datestamp;

    /// <summary>The item of a record, by its primary PID's canonical form.</summary>
    public HarvestItem? Get(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>
    /// The page of at most <paramref name="pageSize"/> items matching <paramref name="filter"/> after
    /// <paramref name="after"/> (from the start when null). One pass over the index (O(n), a few
    /// hundred microseconds at 10,000 instruments) also counts the complete list and the items before the page.
    /// </summary>
    public HarvestPage Page(HarvestFilter filter, HarvestCursor? after, int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        int start = after is { } a ? UpperBound(a) : 0;
        var page = new List<HarvestItem>(Math.Min(pageSize, 128));
        int total = 0, before = 0;
        HarvestItem? last = null;
        bool more = false;
        for (int k = 0; k < _items.Length; k++)
        {
            var it = _items[k];
            if (!filter.Matches(it)) continue;
            total++;
            if (k < start) { before++; continue; }
            if (page.Count < pageSize) { page.Add(it); last = it; }
            else more = true;
        }
        return new HarvestPage(page, more && last is not null ? new HarvestCursor(last.Datestamp, last.Key) : null, total, before);
    }

    /// <summary>The index of the first item strictly after <paramref name="c"/> in (datestamp, key) order.</summary>
    private int UpperBound(HarvestCursor c)
    {
        int lo = 0, hi = _items.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (Compare(_items[mid], c) <= 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static int Compare(HarvestItem i, HarvestCursor c)
    {
        int d = i.Datestamp.UtcTicks.CompareTo(c.Datestamp.UtcTicks);
        return d != 0 ? d : string.CompareOrdinal(i.Key, c.Key);
    }

    internal static HarvestIndex Build(RegistryState s)
    {
        var items = new List<HarvestItem>(s.Facilities.Count + s.Models.Count + s.Instances.Count + s.Versions.Count);
        foreach (var f in s.Facilities.Values) items.Add(HarvestItems.Of(f));
        foreach (var m in s.Models.Values) items.Add(HarvestItems.Of(m));
        foreach (var i in s.Instances.Values)
        {
            var versions = s.VersionsOf(i.Pid);
            var facility = s.Facilities.GetValueOrDefault(i.Facility.ToString());
            var owner = i.Owner == i.Facility ? null : s.Facilities.GetValueOrDefault(i.Owner.ToString());
            var model = s.Models.GetValueOrDefault(i.Model.ToString());
            items.Add(HarvestItems.Of(i, facility, owner, model, versions) with { Related = [.. versions.Where(v => v is not null).SelectMany(s.RelatedOf)] });
            foreach (var v in versions)
                if (v is not null) items.Add(HarvestItems.Of(v, i, facility, owner, model, versions, s.RelatedOf(v), s.SettingsOf(v)));
        }
        var array = items.ToArray();
        Array.Sort(array, static (x, y) =>
        {
            int d = x.Datestamp.UtcTicks.CompareTo(y.Datestamp.UtcTicks);
            return d != 0 ? d : string.CompareOrdinal(x.Key, y.Key);
        });
        return new HarvestIndex(array);
    }
}

/// <summary>Builds <see cref="HarvestItem"/>s: datestamps and sets in one place for the index and single lookups.</summary>
internal static class HarvestItems
{
    public static HarvestItem Of(FacilityRecord f) => new()
    {
        Level = PidLevel.Facility, Pid = f.Pid, Facility = f, Deleted = f.Tombstone is not null,
        Datestamp = Stamp(Max(f.Provenance.Created, f.Tombstone)),
        Sets = [HarvestSets.OfLevel(PidLevel.Facility), HarvestSets.OfFacility(f.Pid)],
    };

    public static HarvestItem Of(ModelRecord m) => new()
    {
        Level = PidLevel.Model, Pid = m.Pid, Model = m, Deleted = m.Tombstone is not null,
        Datestamp = Stamp(Max(m.Provenance.Created, m.Tombstone)),
        Sets = [HarvestSets.OfLevel(PidLevel.Model)],
    };

    public static HarvestItem Of(InstanceRecord i, FacilityRecord? facility, FacilityRecord? owner, ModelRecord? model, IReadOnlyList<DescriptorVersion> versions)
    {
        var t = Max(i.Modified is { } edited ? Max(i.Provenance.Created, edited) : i.Provenance.Created, i.Tombstone);
        foreach (var v in versions) if (v is not null) t = Max(Max(t, v.Provenance.Created), v.Tombstone);
        foreach (var mv in i.Moves) t = Max(t, mv.At);
        return new()
        {
            Level = PidLevel.Instance, Pid = i.Pid, Instance = i, Facility = facility, Owner = owner, Model = model, Versions = versions,
            Deleted = i.Tombstone is not null, Datestamp = Stamp(t), Sets = SetsOf(PidLevel.Instance, i),
        };
    }

    public static HarvestItem Of(DescriptorVersion v, InstanceRecord i, FacilityRecord? facility, FacilityRecord? owner, ModelRecord? model, IReadOnlyList<DescriptorVersion> versions,
        IReadOnlyList<RelatedWork>? related = null, IReadOnlyList<SettingsRecord>? settings = null)
    {
        var t = Max(Max(v.Provenance.Created, v.Tombstone), i.Tombstone);
        foreach (var w in related ?? []) t = Max(t, w.Added);
        foreach (var st in settings ?? []) t = Max(t, Max(st.Provenance.Created, st.Tombstone));
        if (v.Number < versions.Count && versions[v.Number] is { } next) t = Max(t, next.Provenance.Created);
        foreach (var mv in i.Moves) t = Max(t, mv.At);
        return new()
        {
            Level = PidLevel.Descriptor, Pid = v.Pid, Version = v, Instance = i, Facility = facility, Owner = owner, Model = model, Versions = versions, Related = related ?? [],
            Settings = [.. (settings ?? []).Where(st => st.Tombstone is null)],
            Deleted = v.Tombstone is not null || i.Tombstone is not null, Datestamp = Stamp(t), Sets = SetsOf(PidLevel.Descriptor, i),
        };
    }

    private static string[] SetsOf(PidLevel level, InstanceRecord i) => i.Owner == i.Facility
        ? [HarvestSets.OfLevel(level), HarvestSets.OfFacility(i.Facility)]
        : [HarvestSets.OfLevel(level), HarvestSets.OfFacility(i.Facility), HarvestSets.OfFacility(i.Owner)];

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
    private static DateTimeOffset Max(DateTimeOffset a, Tombstone? t) => t is not null && t.WithdrawnAt > a ? t.WithdrawnAt : a;

    /// <summary>UTC, truncated to whole seconds: what the protocol's datestamps can say, so a datestamp read back compares equal.</summary>
    internal static DateTimeOffset Stamp(DateTimeOffset t)
    {
        long ticks = t.UtcTicks;
        return new DateTimeOffset(ticks - ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }
}
