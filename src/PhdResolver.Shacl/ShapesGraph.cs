using System.Globalization;
using PhdResolver.Rdf;

namespace PhdResolver.Shacl;

/// <summary>
/// The compiled shapes of a shapes graph. Shapes are compiled on first use and cached, so a shapes
/// graph can be compiled once and used to validate many data graphs.
/// </summary>
public sealed class ShapesGraph
{
    private readonly Dictionary<Term, Shape> _shapes = [];
    private readonly IReadOnlyList<IConstraintProvider> _providers;
    private readonly object _lock = new();

    public ShapesGraph(ShaclGraph graph, IReadOnlyList<IConstraintProvider>? providers = null)
    {
        Graph = graph ?? throw new ArgumentNullException(nameof(graph));
        _providers = providers ?? DefaultProviders;
        TargetedShapes = FindTargetedShapes();
    }

    public ShapesGraph(IEnumerable<Quad> quads, IReadOnlyList<IConstraintProvider>? providers = null)
        : this(new ShaclGraph(quads), providers) { }

    public ShaclGraph Graph { get; }

    /// <summary>What a shapes graph gets when no providers are named: SHACL-SPARQL on top of Core.</summary>
    public static readonly IReadOnlyList<IConstraintProvider> DefaultProviders = [new Sparql.SparqlConstraintProvider()];

    /// <summary>The shapes with at least one target, in shapes-graph order; validation starts from these.</summary>
    public IReadOnlyList<Shape> TargetedShapes { get; }

    private List<Shape> FindTargetedShapes()
    {
        var nodes = new NodeSet();
        foreach (var p in (Iri[])[Sh.TargetNode, Sh.TargetClass, Sh.TargetSubjectsOf, Sh.TargetObjectsOf])
            foreach (var (s, _) in Graph.WithPredicate(p)) nodes.Add(s);
        // Implicit class targets: a class that is also a node or property shape.
        foreach (var shapeType in (Iri[])[Sh.NodeShape, Sh.PropertyShape])
            foreach (var s in Graph.InstancesOf(shapeType))
                if (Graph.IsInstanceOf(s, Vocab.Rdfs.Class)) nodes.Add(s);
        var list = new List<Shape>();
        foreach (var n in nodes.Items)
        {
            var shape = GetShape(n);
            if (shape.HasTargets) list.Add(shape);
        }
        return list;
    }

    /// <summary>The compiled shape at <paramref name="node"/> (any node can be used as a shape).</summary>
    private int _compileDepth; // guarded by _lock

    public Shape GetShape(Term node)
    {
        lock (_lock)
        {
            if (_shapes.TryGetValue(node, out var shape)) return shape;
            shape = new Shape(node);
            // Register before compiling the constraints: recursive shapes refer back to themselves.
            _shapes[node] = shape;
            // Inline nested shapes compile recursively: their depth comes from the shapes graph.
            if (++_compileDepth > ShaclLimits.MaxNesting || !System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
            {
                _compileDepth = 0;
                _shapes.Remove(node);
                throw new ShaclException($"shapes are nested more than {ShaclLimits.MaxNesting} deep (at {node})");
            }
            try
            {
                Compile(shape);
            }
            catch
            {
                _shapes.Remove(node);
                throw;
            }
            finally
            {
                if (_compileDepth > 0) _compileDepth--;
            }
            return shape;
        }
    }

    private void Compile(Shape shape)
    {
        var g = Graph;
        var n = shape.Node;
        if (g.Object(n, Sh.Path) is { } pathNode)
        {
            shape.Path = ShaclPath.Parse(g, pathNode);
            shape.IllFormedPath = shape.Path is null;
        }
        shape.Deactivated = g.Objects(n, Sh.Deactivated).Any(CoreConstraints.IsTrue);
        if (g.Object(n, Sh.Severity) is Iri severity) shape.Severity = severity;
        shape.Messages = g.Objects(n, Sh.Message);
        shape.Label = (g.Object(n, Sh.Name) ?? g.Object(n, Vocab.Rdfs.Label)) is Literal label ? label.Lexical : null;
        shape.TargetNodes = g.Objects(n, Sh.TargetNode);
        shape.TargetClasses = g.Objects(n, Sh.TargetClass);
        shape.TargetSubjectsOf = g.Objects(n, Sh.TargetSubjectsOf);
        shape.TargetObjectsOf = g.Objects(n, Sh.TargetObjectsOf);
        shape.ImplicitClassTarget = g.IsInstanceOf(n, Vocab.Rdfs.Class)
            && (g.IsInstanceOf(n, Sh.NodeShape) || g.IsInstanceOf(n, Sh.PropertyShape));

        CoreConstraints.Compile(this, shape, shape.MutableConstraints);
        foreach (var provider in _providers) provider.AddConstraints(this, shape, shape.MutableConstraints);
    }

    internal static int? Int(Term? t) =>
        t is Literal l && int.TryParse(l.Lexical, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) ? v : null;
}
