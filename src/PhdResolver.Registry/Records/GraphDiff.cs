using PhdResolver.Rdf;

namespace PhdResolver.Registry.Records;

/// <summary>
/// Compares two graphs component by component. Blank nodes are matched by a key built from
/// their position under an IRI subject, their types and their label; siblings with equal keys
/// are told apart by their own (non-blank) properties, so an unchanged component never shows
/// as removed + added just because the store relabelled it.
/// </summary>
public static class GraphDiff
{
    private static readonly HashSet<string> LabelNames = new(StringComparer.Ordinal) { "label", "name", "prefLabel", "title" };

    public static IReadOnlyList<ComponentChange> Compare(IEnumerable<Triple> before, IEnumerable<Triple> after)
    {
        var a = Index(before);
        var b = Index(after);
        var keys = new SortedSet<string>(a.Props.Keys, StringComparer.Ordinal);
        keys.UnionWith(b.Props.Keys);
        var result = new List<ComponentChange>();
        foreach (var key in keys)
        {
            a.Props.TryGetValue(key, out var pa);
            b.Props.TryGetValue(key, out var pb);
            var changes = new List<PropertyChange>();
            var preds = new SortedSet<string>(StringComparer.Ordinal);
            if (pa is not null) foreach (var x in pa) preds.Add(x.Predicate.Value);
            if (pb is not null) foreach (var x in pb) preds.Add(x.Predicate.Value);
            foreach (var pred in preds)
            {
                var removed = Values(pa, pred, pb);
                var added = Values(pb, pred, pa);
                if (removed.Count + added.Count > 0) changes.Add(new PropertyChange(new Iri(pred), removed, added));
            }
            if (changes.Count == 0) continue;
            var kind = pa is null ? ChangeKind.Added : pb is null ? ChangeKind.Removed : ChangeKind.Changed;
            var info = (pb is null ? a : b).Info[key];
            result.Add(new ComponentChange(key, info.Types, info.Label, kind, changes));
        }
        return result;
    }

    private static List<DiffValue> Values(HashSet<Prop>? from, string pred, HashSet<Prop>? other)
    {
        var list = new List<DiffValue>();
        if (from is null) return list;
        foreach (var p in from)
            if (p.Predicate.Value == pred && (other is null || !other.Contains(p))) list.Add(p.Value);
        list.Sort((x, y) => string.CompareOrdinal(x.ToString(), y.ToString()));
        return list;
    }

    private readonly record struct Prop(Iri Predicate, DiffValue Value);

    private sealed record ComponentInfo(IReadOnlyList<string> Types, string? Label);

    private sealed class Indexed
    {
        public Dictionary<string, HashSet<Prop>> Props { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, ComponentInfo> Info { get; } = new(StringComparer.Ordinal);
    }

    private static Indexed Index(IEnumerable<Triple> triples)
    {
        var bySubject = new Dictionary<Term, List<Triple>>();
        var incoming = new Dictionary<BlankNode, List<Triple>>();
        foreach (var t in triples)
        {
            if (!bySubject.TryGetValue(t.Subject, out var l)) bySubject[t.Subject] = l = [];
            l.Add(t);
            if (t.Object is BlankNode bo && !t.Subject.Equals(bo))
            {
                if (!incoming.TryGetValue(bo, out var il)) incoming[bo] = il = [];
                il.Add(t);
            }
        }
        var keys = new Dictionary<Term, string>();
        var visiting = new HashSet<Term>();

        string Local(string iri)
        {
            int i = Math.Max(iri.LastIndexOf('#'), iri.LastIndexOf('/'));
            return i >= 0 && i < iri.Length - 1 ? iri[(i + 1)..] : iri;
        }
        ComponentInfo InfoOf(Term s)
        {
            var types = new List<string>();
            string? label = null;
            if (bySubject.TryGetValue(s, out var l))
                foreach (var t in l)
                {
                    if (t.Predicate.Equals(Vocab.Rdf.Type) && t.Object is Iri ty) types.Add(Local(ty.Value));
                    else if (label is null && t.Object is Literal lit && t.Predicate is Iri p && LabelNames.Contains(Local(p.Value))) label = lit.Lexical;
                }
            types.Sort(StringComparer.Ordinal);
            return new ComponentInfo(types, label);
        }
        string BaseKey(Term s)
        {
            if (s is not BlankNode b) return s is Iri iri ? "<" + iri.Value + ">" : s.ToString();
            if (keys.TryGetValue(s, out var k)) return k;
            var info = InfoOf(s);
            string self = "[" + string.Join(",", info.Types) + (info.Label is null ? "" : ": " + info.Label) + "]";
            if (!visiting.Add(s)) return "_" + self; // a blank-node cycle: no parent path
            string best = "_" + self;
            if (incoming.TryGetValue(b, out var parents))
            {
                string? min = null;
                foreach (var t in parents)
                {
                    string cand = BaseKey(t.Subject) + " / " + Local(((Iri)t.Predicate).Value) + self;
                    if (min is null || string.CompareOrdinal(cand, min) < 0) min = cand;
                }
                best = min ?? best;
            }
            visiting.Remove(s);
            return best;
        }

        // Base keys, then disambiguate blank siblings sharing one by their non-blank properties.
        var groups = new Dictionary<string, List<Term>>(StringComparer.Ordinal);
        foreach (var s in bySubject.Keys)
        {
            string k = BaseKey(s);
            if (!groups.TryGetValue(k, out var g)) groups[k] = g = [];
            g.Add(s);
        }
        foreach (var (k, members) in groups)
        {
            if (members.Count == 1) { keys[members[0]] = k; continue; }
            var sigs = members.Select(m => (m, sig: Signature(bySubject[m]))).OrderBy(x => x.sig, StringComparer.Ordinal).ToList();
            for (int n = 0; n < sigs.Count; n++) keys[sigs[n].m] = k + "#" + (n + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var result = new Indexed();
        foreach (var (s, list) in bySubject)
        {
            string key = keys[s];
            var set = new HashSet<Prop>();
            foreach (var t in list)
            {
                var v = t.Object is BlankNode ob ? new DiffValue(null, keys.TryGetValue(ob, out var ok) ? ok : BaseKey(ob)) : new DiffValue(t.Object, null);
                set.Add(new Prop((Iri)t.Predicate, v));
            }
            result.Props[key] = set;
            result.Info[key] = InfoOf(s);
        }
        return result;
    }

    private static string Signature(List<Triple> props)
    {
        var parts = new List<string>(props.Count);
        foreach (var t in props) if (t.Object is not BlankNode) parts.Add(t.Predicate + " " + t.Object);
        parts.Sort(StringComparer.Ordinal);
        return string.Join("\n", parts);
    }
}
