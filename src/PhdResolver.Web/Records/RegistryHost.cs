using Microsoft.AspNetCore.OutputCaching;
using PhdResolver.Registry;
using PhdResolver.Web.Infrastructure;

namespace PhdResolver.Web.Records;

/// <summary>
/// The registry over the process's store. Every committed write evicts the cached pages it
/// affects: the record's own tag and the shared "records" tag (lists, sitemap, parents).
/// </summary>
public sealed class RegistryHost : IDisposable
{
    private readonly IOutputCacheStore _cache;

    public RegistryHost(StoreHost store, WebOptions options, IOutputCacheStore cache)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _cache = cache;
        Registry = RegistryService.Open(store.Store, new RegistryOptions { BaseUri = options.BaseUri, Clock = options.Clock });
        Registry.Changed += Evict;
    }

    public RegistryService Registry { get; }

    /// <summary>Per-version page facts (compliance, diff, components), computed once per version.</summary>
    public DescriptorMemo Memo { get; } = new();

    // Instances by facility, rebuilt lazily after a change: a facility page must not scan every
    // instance of the registry on each render. The change counter makes a rebuild that raced with
    // a write unusable (it is stored under the old count and rebuilt on the next read).
    private long _changes;
    private (long Changes, ILookup<string, PhdResolver.Registry.Records.InstanceRecord> Index)? _byFacility;

    /// <summary>The instances whose current facility is <paramref name="facility"/> (a snapshot).</summary>
    public IEnumerable<PhdResolver.Registry.Records.InstanceRecord> InstancesAt(PhdResolver.Registry.Pids.Pid facility)
    {
        long now = Interlocked.Read(ref _changes);
        var cached = _byFacility;
        if (cached is not { } c || c.Changes != now)
        {
            c = (now, Registry.Instances.ToLookup(i => i.Facility.ToString(), StringComparer.Ordinal));
            _byFacility = c;
        }
        return c.Index[facility.ToString()];
    }

    private void Evict(RegistryChange change)
    {
        Interlocked.Increment(ref _changes);
        // Synchronous on purpose: when the write API answers, no stale page may be served any more.
        _cache.EvictByTagAsync(LandingPageCachePolicy.RecordsTag, default).AsTask().GetAwaiter().GetResult();
        foreach (var pid in change.Pids)
            _cache.EvictByTagAsync(LandingPageCachePolicy.TagFor(pid), default).AsTask().GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        Registry.Changed -= Evict;
        Registry.Dispose();
    }
}
