using PhdResolver.Rdf;

namespace PhdResolver.Shacl;

/// <summary>
/// The state of one validation run: the data graph, the compiled shapes, the results so far,
/// and the bookkeeping for nested conformance checks (sh:node, sh:not, sh:and, ...).
/// In a conformance check results are not recorded; a single violation sets <see cref="Failed"/>.
/// </summary>
public sealed class ValidationContext
{
    private List<ValidationResult>? _results;
    private readonly HashSet<(Shape, Term)> _inProgress = [];
    private readonly Dictionary<(Shape, Term), bool> _conformsCache = [];
    private int _cycleHits;

    internal ValidationContext(ShaclGraph data, ShapesGraph shapes, List<ValidationResult> results, CancellationToken ct = default)
    {
        Data = data;
        Shapes = shapes;
        _results = results;
        Cancellation = ct;
    }

    /// <summary>
    /// The run's stop signal (a request's deadline or abort). Checked on every shape check (each focus node
    /// and each nested sh:node/sh:property check), every node a property path expands, every SHACL-SPARQL
    /// query (inside the engine's loops) and the quadratic pair comparisons, so a validation stops soon
    /// after it is signalled with <see cref="OperationCanceledException"/> and no report.
    /// </summary>
    public CancellationToken Cancellation { get; }

    public ShaclGraph Data { get; }

    public ShapesGraph Shapes { get; }

    /// <summary>True once a conformance check has seen a violation; constraints may stop early.</summary>
    public bool Failed { get; private set; }

    /// <summary>True inside a conformance check (results are not recorded, the first failure decides).</summary>
    public bool InCheck => _results is null;

    /// <summary>Records a result (or, inside a conformance check, just the failure).</summary>
    public void Report(IConstraint constraint, Shape shape, Term focus, Term? value, Iri component, ShaclPath? path = null)
    {
        Failed = true;
        _results?.Add(new ValidationResult(focus, path ?? shape.Path, value, shape, component, shape.Severity, constraint));
    }

    /// <summary>Records a fully built result (SHACL-SPARQL results carry their own path, value and messages).</summary>
    public void Report(ValidationResult result)
    {
        Failed = true;
        _results?.Add(result);
    }

    private Dictionary<object, IDisposable>? _state;

    /// <summary>
    /// Per-run state owned by a constraint family (e.g. the SPARQL view of the data graph), created on
    /// first use and disposed when the run ends, so runs without such constraints pay nothing.
    /// </summary>
    internal T GetState<T>(object key, Func<ValidationContext, T> create) where T : IDisposable
    {
        _state ??= [];
        if (_state.TryGetValue(key, out var s)) return (T)s;
        var created = create(this);
        _state[key] = created;
        return created;
    }

    internal void DisposeState()
    {
        if (_state is null) return;
        foreach (var s in _state.Values) s.Dispose();
        _state = null;
    }

    /// <summary>Validates <paramref name="focus"/> against <paramref name="shape"/>, recording results.</summary>
    public void Validate(Shape shape, Term focus)
    {
        if (shape.Deactivated || shape.IllFormedPath) return;
        // Shapes that check the values they reach (sh:node, sh:property, sh:and ...) nest once per
        // step through the data, so the depth comes from the data: refuse rather than overflow.
        if (++_depth > ShaclLimits.MaxNesting || !System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            _depth = 0;
            throw new ShaclException($"shape checks nest more than {ShaclLimits.MaxNesting} deep (at focus node {focus})");
        }
        try
        {
            Cancellation.ThrowIfCancellationRequested();
            var values = shape.Path is { } path ? path.Values(Data, focus, Cancellation) : new SingleTerm(focus);
            foreach (var c in shape.Constraints)
            {
                c.Validate(this, shape, focus, values);
                if (Failed && _results is null) return;
            }
        }
        finally
        {
            if (_depth > 0) _depth--;
        }
    }

    private int _depth;

    /// <summary>
    /// Whether <paramref name="node"/> conforms to <paramref name="shape"/>, without recording results.
    /// Recursive shapes are undefined by SHACL; a check that re-enters itself assumes conformance,
    /// so validation always terminates.
    /// </summary>
    public bool Conforms(Term node, Shape shape)
    {
        var key = (shape, node);
        if (_conformsCache.TryGetValue(key, out bool cached)) return cached;
        if (!_inProgress.Add(key))
        {
            _cycleHits++;
            return true;
        }
        var savedResults = _results;
        bool savedFailed = Failed;
        int hitsBefore = _cycleHits;
        _results = null;
        Failed = false;
        try
        {
            Validate(shape, node);
            bool conforms = !Failed;
            // An answer that leaned on a cycle assumption is only valid inside that cycle.
            if (_cycleHits == hitsBefore) _conformsCache[key] = conforms;
            return conforms;
        }
        finally
        {
            _results = savedResults;
            Failed = savedFailed;
            _inProgress.Remove(key);
        }
    }

    /// <summary>The value nodes of a node shape: just the focus node.</summary>
    private sealed class SingleTerm(Term t) : IReadOnlyList<Term>
    {
        public Term this[int index] => index == 0 ? t : throw new ArgumentOutOfRangeException(nameof(index));
        public int Count => 1;
        public IEnumerator<Term> GetEnumerator() { yield return t; }
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
