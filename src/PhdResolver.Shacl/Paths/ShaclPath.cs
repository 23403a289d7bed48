using PhdResolver.Rdf;

namespace PhdResolver.Shacl;

/// <summary>
/// A SHACL property path (§2.3.1). <see cref="Values"/> gives the value nodes of a focus node;
/// a plain predicate path returns the graph's own object list, so the common case allocates nothing.
/// </summary>
public abstract class ShaclPath
{
    /// <summary>The nodes reachable from <paramref name="focus"/>, each once.</summary>
    public IReadOnlyList<Term> Values(ShaclGraph graph, Term focus) => Values(graph, focus, default);

    /// <summary>
    /// The nodes reachable from <paramref name="focus"/>, each once; <paramref name="ct"/> is checked once per
    /// node expanded, since nested repetitions (<c>(p*)*</c>) make a walk polynomial in the data's size.
    /// </summary>
    public virtual IReadOnlyList<Term> Values(ShaclGraph graph, Term focus, CancellationToken ct)
    {
        var acc = new NodeSet();
        Walk(graph, focus, inverse: false, acc, ct);
        return acc.Items;
    }

    /// <summary>Adds to <paramref name="acc"/> the nodes reachable from <paramref name="node"/>, following the path backwards when <paramref name="inverse"/>.</summary>
    internal abstract void Walk(ShaclGraph graph, Term node, bool inverse, NodeSet acc, CancellationToken ct);

    /// <summary>Writes the path as a fresh SHACL path expression (for sh:resultPath) and returns its node.</summary>
    public abstract Term ToRdf(List<Triple> output);

    /// <summary>The path in SPARQL property-path syntax, with IRIs shortened to local names (for messages).</summary>
    public abstract string Display { get; }

    public override string ToString() => Display;

    /// <summary>The part of an IRI after the last #, / or : (for messages); other terms in N-Triples form.</summary>
    public static string LocalName(Term t)
    {
        if (t is not Iri i) return t.ToString();
        var v = i.Value;
        int cut = Math.Max(v.LastIndexOf('#'), Math.Max(v.LastIndexOf('/'), v.LastIndexOf(':')));
        return cut >= 0 && cut < v.Length - 1 ? v[(cut + 1)..] : v;
    }

    /// <summary>
    /// Reads the path expression at <paramref name="node"/> in the shapes graph; null if it is not a
    /// well-formed path (unknown form, empty or one-element list where not allowed, cycle).
    /// A node that is a list is a sequence path even if it also carries other path keys.
    /// </summary>
    public static ShaclPath? Parse(ShaclGraph shapes, Term node) => Parse(shapes, node, []);

    private static ShaclPath? Parse(ShaclGraph g, Term node, HashSet<Term> visiting)
    {
        if (node is Iri iri) return new PredicatePath(iri);
        if (node is not BlankNode || !visiting.Add(node)) return null;
        // visiting holds the path nodes being read, one per level: the nesting comes from the shapes graph.
        if (visiting.Count > ShaclLimits.MaxNesting || !System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new ShaclException($"a property path is nested more than {ShaclLimits.MaxNesting} deep");
        try
        {
            if (g.Object(node, Vocab.Rdf.First) is not null)
            {
                var steps = ParseAll(g, g.List(node), visiting);
                return steps is { Length: >= 2 } ? new SequencePath(steps) : null;
            }
            if (g.Object(node, Sh.InversePath) is { } inv)
                return Parse(g, inv, visiting) is { } p ? new InversePath(p) : null;
            if (g.Object(node, Sh.AlternativePath) is { } alt)
            {
                var options = ParseAll(g, g.List(alt), visiting);
                return options is { Length: >= 2 } ? new AlternativePath(options) : null;
            }
            if (g.Object(node, Sh.ZeroOrMorePath) is { } zm)
                return Parse(g, zm, visiting) is { } p ? new RepeatPath(p, RepeatPath.Kind.ZeroOrMore) : null;
            if (g.Object(node, Sh.OneOrMorePath) is { } om)
                return Parse(g, om, visiting) is { } p ? new RepeatPath(p, RepeatPath.Kind.OneOrMore) : null;
            if (g.Object(node, Sh.ZeroOrOnePath) is { } zo)
                return Parse(g, zo, visiting) is { } p ? new RepeatPath(p, RepeatPath.Kind.ZeroOrOne) : null;
            return null;
        }
        finally
        {
            visiting.Remove(node);
        }
    }

    private static ShaclPath[]? ParseAll(ShaclGraph g, List<Term> items, HashSet<Term> visiting)
    {
        var result = new ShaclPath[items.Count];
        for (int i = 0; i < items.Count; i++)
            if ((result[i] = Parse(g, items[i], visiting)!) is null) return null;
        return result;
    }

    internal static Term WriteList(List<Triple> output, IReadOnlyList<ShaclPath> items)
    {
        Term head = Vocab.Rdf.Nil;
        for (int i = items.Count - 1; i >= 0; i--)
        {
            var cell = BlankNode.Fresh();
            output.Add(new Triple(cell, Vocab.Rdf.First, items[i].ToRdf(output)));
            output.Add(new Triple(cell, Vocab.Rdf.Rest, head));
            head = cell;
        }
        return head;
    }
}

/// <summary>A set of nodes that keeps insertion order (deterministic reports).</summary>
internal sealed class NodeSet
{
    private readonly HashSet<Term> _set = [];

    public List<Term> Items { get; } = [];

    public bool Add(Term t)
    {
        if (!_set.Add(t)) return false;
        Items.Add(t);
        return true;
    }

    public void AddRange(IReadOnlyList<Term> terms)
    {
        for (int i = 0; i < terms.Count; i++) Add(terms[i]);
    }
}

/// <summary>A single predicate.</summary>
public sealed class PredicatePath(Iri predicate) : ShaclPath
{
    public Iri Predicate { get; } = predicate;

    public override IReadOnlyList<Term> Values(ShaclGraph graph, Term focus, CancellationToken ct) => graph.Objects(focus, Predicate);

    internal override void Walk(ShaclGraph graph, Term node, bool inverse, NodeSet acc, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        acc.AddRange(inverse ? graph.Subjects(Predicate, node) : graph.Objects(node, Predicate));
    }

    public override Term ToRdf(List<Triple> output) => Predicate;

    public override string Display => LocalName(Predicate);
}

/// <summary><c>sh:inversePath</c>.</summary>
public sealed class InversePath(ShaclPath inner) : ShaclPath
{
    public ShaclPath Inner { get; } = inner;

    public override IReadOnlyList<Term> Values(ShaclGraph graph, Term focus, CancellationToken ct) =>
        Inner is PredicatePath p ? graph.Subjects(p.Predicate, focus) : base.Values(graph, focus, ct);

    internal override void Walk(ShaclGraph graph, Term node, bool inverse, NodeSet acc, CancellationToken ct) => Inner.Walk(graph, node, !inverse, acc, ct);

    public override Term ToRdf(List<Triple> output)
    {
        var b = BlankNode.Fresh();
        output.Add(new Triple(b, Sh.InversePath, Inner.ToRdf(output)));
        return b;
    }

    public override string Display => "^" + (Inner is PredicatePath ? Inner.Display : "(" + Inner.Display + ")");
}

/// <summary>A sequence path (an RDF list of at least two paths).</summary>
public sealed class SequencePath(IReadOnlyList<ShaclPath> steps) : ShaclPath
{
    public IReadOnlyList<ShaclPath> Steps { get; } = steps;

    internal override void Walk(ShaclGraph graph, Term node, bool inverse, NodeSet acc, CancellationToken ct)
    {
        var current = new List<Term> { node };
        for (int k = 0; k < Steps.Count; k++)
        {
            var step = Steps[inverse ? Steps.Count - 1 - k : k];
            var next = k == Steps.Count - 1 ? acc : new NodeSet();
            foreach (var n in current) step.Walk(graph, n, inverse, next, ct);
            if (k < Steps.Count - 1) current = next.Items;
        }
    }

    public override Term ToRdf(List<Triple> output) => WriteList(output, Steps);

    public override string Display => string.Join("/", Steps.Select(s => s is SequencePath or AlternativePath ? "(" + s.Display + ")" : s.Display));
}

/// <summary><c>sh:alternativePath</c>.</summary>
public sealed class AlternativePath(IReadOnlyList<ShaclPath> options) : ShaclPath
{
    public IReadOnlyList<ShaclPath> Options { get; } = options;

    internal override void Walk(ShaclGraph graph, Term node, bool inverse, NodeSet acc, CancellationToken ct)
    {
        foreach (var o in Options) o.Walk(graph, node, inverse, acc, ct);
    }

    public override Term ToRdf(List<Triple> output)
    {
        var b = BlankNode.Fresh();
        output.Add(new Triple(b, Sh.AlternativePath, WriteList(output, Options)));
        return b;
    }

    public override string Display => string.Join("|", Options.Select(s => s is AlternativePath ? "(" + s.Display + ")" : s.Display));
}

/// <summary><c>sh:zeroOrMorePath</c>, <c>sh:oneOrMorePath</c>, <c>sh:zeroOrOnePath</c>.</summary>
public sealed class RepeatPath(ShaclPath inner, RepeatPath.Kind kind) : ShaclPath
{
    public enum Kind { ZeroOrMore, OneOrMore, ZeroOrOne }

    public ShaclPath Inner { get; } = inner;
    public Kind Repeat { get; } = kind;

    internal override void Walk(ShaclGraph graph, Term node, bool inverse, NodeSet acc, CancellationToken ct)
    {
        if (Repeat != Kind.OneOrMore) acc.Add(node);
        if (Repeat == Kind.ZeroOrOne)
        {
            Inner.Walk(graph, node, inverse, acc, ct);
            return;
        }
        // Breadth-first closure; `reached` guards against cycles independently of acc (which may hold the start node).
        var reached = new NodeSet();
        Inner.Walk(graph, node, inverse, reached, ct);
        for (int i = 0; i < reached.Items.Count; i++)
            Inner.Walk(graph, reached.Items[i], inverse, reached, ct);
        acc.AddRange(reached.Items);
    }

    public override Term ToRdf(List<Triple> output)
    {
        var b = BlankNode.Fresh();
        var p = Repeat switch { Kind.ZeroOrMore => Sh.ZeroOrMorePath, Kind.OneOrMore => Sh.OneOrMorePath, _ => Sh.ZeroOrOnePath };
        output.Add(new Triple(b, p, Inner.ToRdf(output)));
        return b;
    }

    public override string Display =>
        (Inner is PredicatePath ? Inner.Display : "(" + Inner.Display + ")") + Repeat switch { Kind.ZeroOrMore => "*", Kind.OneOrMore => "+", _ => "?" };
}
