using PhdResolver.Rdf;

namespace PhdResolver.Shacl;

/// <summary>
/// An immutable, indexed triple set for validation: subject→predicate→objects and
/// object←predicate←subjects lookups that return the stored lists (no allocation per lookup),
/// RDF lists, and the <c>rdf:type/rdfs:subClassOf*</c> closure SHACL uses for classes.
/// Graph names are ignored: callers choose which quads make up the graph.
/// </summary>
public sealed class ShaclGraph
{
    private static readonly List<Term> s_none = [];

    private readonly Dictionary<(Term, Term), List<Term>> _sp = [];
    private readonly Dictionary<(Term, Term), List<Term>> _po = [];
    private readonly Dictionary<Term, List<(Term P, Term O)>> _s = [];
    private readonly Dictionary<Term, List<(Term S, Term O)>> _p = [];
    private readonly Dictionary<Term, HashSet<Term>> _superClasses = [];
    private readonly Dictionary<Term, List<Term>> _instances = [];
    private readonly object _cacheLock = new();

    public ShaclGraph(IEnumerable<Quad> quads)
    {
        ArgumentNullException.ThrowIfNull(quads);
        var seen = new HashSet<(Term, Term, Term)>();
        foreach (var q in quads)
        {
            if (!seen.Add((q.Subject, q.Predicate, q.Object))) continue;
            Add(_sp, (q.Subject, q.Predicate), q.Object);
            Add(_po, (q.Predicate, q.Object), q.Subject);
            if (!_s.TryGetValue(q.Subject, out var sl)) _s[q.Subject] = sl = [];
            sl.Add((q.Predicate, q.Object));
            if (!_p.TryGetValue(q.Predicate, out var pl)) _p[q.Predicate] = pl = [];
            pl.Add((q.Subject, q.Object));
            Count++;
        }
        _hasSubClasses = _p.ContainsKey(Vocab.Rdfs.SubClassOf);
    }

    /// <summary>
    /// Whether any rdfs:subClassOf triple is in the graph. Without one, <c>rdf:type/rdfs:subClassOf*</c> is just
    /// <c>rdf:type</c>, which is the case of every descriptor (the class hierarchy lives in the ontology, not the
    /// data): the class lookups below then answer from the index directly, with no closure, lock or copy, and give
    /// the same nodes in the same order as the closure would.
    /// </summary>
    private readonly bool _hasSubClasses;

    /// <summary>Number of distinct triples.</summary>
    public int Count { get; }

    private static void Add(Dictionary<(Term, Term), List<Term>> index, (Term, Term) key, Term value)
    {
        if (!index.TryGetValue(key, out var list)) index[key] = list = [];
        list.Add(value);
    }

    /// <summary>The objects of (<paramref name="s"/>, <paramref name="p"/>, ?o). Do not modify the list.</summary>
    public IReadOnlyList<Term> Objects(Term s, Term p) => _sp.TryGetValue((s, p), out var l) ? l : s_none;

    /// <summary>The subjects of (?s, <paramref name="p"/>, <paramref name="o"/>).</summary>
    public IReadOnlyList<Term> Subjects(Term p, Term o) => _po.TryGetValue((p, o), out var l) ? l : s_none;

    public Term? Object(Term s, Term p) => _sp.TryGetValue((s, p), out var l) ? l[0] : null;

    public bool Has(Term s, Term p, Term o) => _sp.TryGetValue((s, p), out var l) && l.Contains(o);

    public bool HasSubject(Term s) => _s.ContainsKey(s);

    /// <summary>All (predicate, object) pairs of a subject.</summary>
    public IReadOnlyList<(Term P, Term O)> Outgoing(Term s) => _s.TryGetValue(s, out var l) ? l : [];

    /// <summary>Every distinct triple, grouped by subject.</summary>
    public IEnumerable<Triple> Triples()
    {
        foreach (var (s, list) in _s)
            foreach (var (p, o) in list) yield return new Triple(s, p, o);
    }

    /// <summary>All (subject, object) pairs of a predicate.</summary>
    public IReadOnlyList<(Term S, Term O)> WithPredicate(Term p) => _p.TryGetValue(p, out var l) ? l : [];

    /// <summary>The members of the RDF list starting at <paramref name="head"/> (cycles and forks end the list).</summary>
    public List<Term> List(Term? head)
    {
        var items = new List<Term>();
        HashSet<Term>? seen = null;
        while (head is not null && !head.Equals(Vocab.Rdf.Nil))
        {
            if ((seen ??= []).Add(head) == false) break;
            var first = Object(head, Vocab.Rdf.First);
            if (first is null) break;
            items.Add(first);
            head = Object(head, Vocab.Rdf.Rest);
        }
        return items;
    }

    /// <summary>True if <paramref name="node"/> is a SHACL instance of <paramref name="cls"/>: <c>rdf:type/rdfs:subClassOf*</c>.</summary>
    public bool IsInstanceOf(Term node, Term cls)
    {
        var types = Objects(node, Vocab.Rdf.Type);
        if (!_hasSubClasses)
        {
            for (int i = 0; i < types.Count; i++)
                if (types[i].Equals(cls)) return true;
            return false;
        }
        for (int i = 0; i < types.Count; i++)
        {
            if (types[i].Equals(cls)) return true;
            if (SuperClasses(types[i]).Contains(cls)) return true;
        }
        return false;
    }

    /// <summary>The class and all its transitive superclasses (cached).</summary>
    public HashSet<Term> SuperClasses(Term cls)
    {
        lock (_cacheLock)
        {
            if (_superClasses.TryGetValue(cls, out var set)) return set;
            set = [cls];
            var queue = new Queue<Term>();
            queue.Enqueue(cls);
            while (queue.Count > 0)
                foreach (var sup in Objects(queue.Dequeue(), Vocab.Rdfs.SubClassOf))
                    if (set.Add(sup)) queue.Enqueue(sup);
            _superClasses[cls] = set;
            return set;
        }
    }

    /// <summary>All SHACL instances of <paramref name="cls"/> (cached; each node once).</summary>
    public IReadOnlyList<Term> InstancesOf(Term cls)
    {
        // Distinct triples, so the subjects of one (rdf:type, class) pair are distinct nodes already.
        if (!_hasSubClasses) return Subjects(Vocab.Rdf.Type, cls);
        lock (_cacheLock)
        {
            if (_instances.TryGetValue(cls, out var list)) return list;
            var classes = new HashSet<Term> { cls };
            var queue = new Queue<Term>();
            queue.Enqueue(cls);
            while (queue.Count > 0)
                foreach (var sub in Subjects(Vocab.Rdfs.SubClassOf, queue.Dequeue()))
                    if (classes.Add(sub)) queue.Enqueue(sub);
            var seen = new HashSet<Term>();
            list = [];
            foreach (var c in classes)
                foreach (var n in Subjects(Vocab.Rdf.Type, c))
                    if (seen.Add(n)) list.Add(n);
            _instances[cls] = list;
            return list;
        }
    }
}
