using PhdResolver.Registry.Harvest;
using PhdResolver.Registry.Pids;

namespace PhdResolver.Registry;

/// <summary>
/// Harvesting read models (OAI-PMH, DataCite XML): every record in (datestamp, PID) order, rebuilt
/// lazily after a change like the by-facility index. A rebuild that raced with a write is stored
/// under the old change count and redone on the next read.
/// </summary>
public sealed partial class RegistryService
{
    private (long Changes, HarvestIndex Index)? _harvest;

    /// <summary>The harvest index of the current registry state (a snapshot; cheap when nothing changed).</summary>
    public HarvestIndex HarvestIndex()
    {
        long now = Interlocked.Read(ref _changes);
        var cached = _harvest;
        if (cached is { } c && c.Changes == now) return c.Index;
        var index = Harvest.HarvestIndex.Build(_s);
        _harvest = (now, index);
        return index;
    }

    /// <summary>The harvest view of one record (any PID or alias of it); null when unknown.</summary>
    public HarvestItem? HarvestItemOf(Pid pid) =>
        LookupPid(pid) is { } e ? HarvestIndex().Get(e.Record) : null;
}
