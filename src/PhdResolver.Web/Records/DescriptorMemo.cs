using System.Collections.Concurrent;
using PhdResolver.Rdf;
using PhdResolver.Registry;
using PhdResolver.Registry.Records;
using PhdResolver.Registry.Validation;
using PhdResolver.Web.Ontology;

namespace PhdResolver.Web.Records;

/// <summary>What a descriptor page shows that depends only on the version itself (and its predecessor).</summary>
internal sealed class DescriptorFacts
{
    public required Dataset Graph { get; init; }
    public VersionDiff? Diff { get; init; }
    public required DescriptorReport Compliance { get; init; }
    public required IReadOnlyList<Component> Components { get; init; }
}

/// <summary>
/// Memoises per-version work of landing pages. Descriptor versions are immutable (a withdrawal
/// only adds a tombstone, which the page reads from the record, not from here), so their graph,
/// SHACL tier compliance, diff against the predecessor and grouped components are computed once,
/// on first render, instead of on every request: together they are most of an uncached page.
/// Texts that also depend on mutable context (the methods paragraph names the instrument and its
/// facility; the JSON-LD carries record metadata) are memoised under a key that contains that
/// context, so a change produces a new key rather than a stale answer. Bounded: when a table
/// is full it is simply cleared (a cheap, safe policy for a cache of recomputable values).
/// One per registry, so two registries never share entries.
/// </summary>
public sealed class DescriptorMemo
{
    private readonly int _capacity;
    private readonly ConcurrentDictionary<string, DescriptorFacts> _facts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _texts = new(StringComparer.Ordinal);

    public DescriptorMemo(int capacity = 1024) => _capacity = capacity;

    internal DescriptorFacts Facts(RegistryService reg, DescriptorVersion v, DescriptorVersion? predecessor, OntologyCatalog cat)
    {
        string key = v.Accession.ToString();
        if (_facts.TryGetValue(key, out var f)) return f;
        var graph = reg.GetGraph(v);
        f = new DescriptorFacts
        {
            Graph = graph,
            Diff = predecessor is null ? null : reg.Diff(predecessor.Accession, v.Accession),
            Compliance = DescriptorValidation.Validate(graph, DescriptorValidation.MaxTier),
            Components = MethodsParagraph.Components(graph, cat),
        };
        if (_facts.Count >= _capacity) _facts.Clear();
        return _facts.GetOrAdd(key, f);
    }

    /// <summary>A text derived from immutable inputs named completely by <paramref name="key"/>.</summary>
    internal string Text(string key, Func<string> compute)
    {
        if (_texts.TryGetValue(key, out var s)) return s;
        s = compute();
        if (_texts.Count >= _capacity) _texts.Clear();
        return _texts.GetOrAdd(key, s);
    }
}
