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
        store.UsePropertyFunctions(Registry.PropertyFunctions);
    }

    public RegistryService Registry { get; }

    /// <summary>Rendered per-version page fragments (the facts themselves are memoised by the registry).</summary>
    public DescriptorMemo Memo { get; } = new();

    /// <summary>The instances whose current facility is <paramref name="facility"/> (a snapshot).</summary>
    public IEnumerable<PhdResolver.Registry.Records.InstanceRecord> InstancesAt(PhdResolver.Registry.Pids.Pid facility) => Registry.InstancesAt(facility);

    private void Evict(RegistryChange change)
    {
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
