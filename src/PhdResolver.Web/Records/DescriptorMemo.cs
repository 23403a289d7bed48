using System.Collections.Concurrent;

namespace PhdResolver.Web.Records;

/// <summary>
/// Memoises rendered fragments of landing pages (the compliance and components sections, the
/// embedded JSON-LD). The facts they render come memoised from the registry
/// (<see cref="PhdResolver.Registry.RegistryService.Describe"/>); this caches only their markup,
/// under a key that names every input completely, so a change produces a new key rather than a
/// stale answer. Bounded: when full it is simply cleared. One per registry host.
/// </summary>
public sealed class DescriptorMemo
{
    private readonly int _capacity;
    private readonly ConcurrentDictionary<string, string> _texts = new(StringComparer.Ordinal);

    public DescriptorMemo(int capacity = 1024) => _capacity = capacity;

    /// <summary>A text derived from immutable inputs named completely by <paramref name="key"/>.</summary>
    internal string Text(string key, Func<string> compute)
    {
        if (_texts.TryGetValue(key, out var s)) return s;
        s = compute();
        if (_texts.Count >= _capacity) _texts.Clear();
        return _texts.GetOrAdd(key, s);
    }
}
