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
    internal string Text(string key, Func<string> compute) => Text(_texts, key, compute);

    /// <summary>
    /// A text derived from <paramref name="state"/> (an immutable object that every change to its source replaces, such
    /// as the store's current index set) and the inputs <paramref name="key"/> names. Texts of one state at a time are
    /// kept: a new state starts afresh, so the key need not list what the state already determines. The state is
    /// held weakly, so an old index set is not kept alive by the memo.
    /// </summary>
    internal string Text(object state, string key, Func<string> compute)
    {
        var current = Volatile.Read(ref _ofState);
        if (!current.State.TryGetTarget(out var held) || !ReferenceEquals(held, state))
        {
            // Racing requests on two states may each start afresh: they recompute, never mix states.
            current = new StateTexts(new WeakReference<object>(state), new ConcurrentDictionary<string, string>(StringComparer.Ordinal));
            Volatile.Write(ref _ofState, current);
        }
        return Text(current.Texts, key, compute);
    }

    private StateTexts _ofState = new(new WeakReference<object>(new object()), new ConcurrentDictionary<string, string>(StringComparer.Ordinal));

    private sealed record StateTexts(WeakReference<object> State, ConcurrentDictionary<string, string> Texts);

    private string Text(ConcurrentDictionary<string, string> texts, string key, Func<string> compute)
    {
        if (texts.TryGetValue(key, out var s)) return s;
        s = compute();
        if (texts.Count >= _capacity) texts.Clear();
        return texts.GetOrAdd(key, s);
    }
}
