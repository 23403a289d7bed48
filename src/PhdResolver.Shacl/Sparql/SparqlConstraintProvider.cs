using System.Runtime.CompilerServices;
using PhdResolver.Rdf;
using PhdResolver.Sparql;

namespace PhdResolver.Shacl.Sparql;

/// <summary>
/// SHACL-SPARQL (§5-6) as a constraint provider: compiles a shape's <c>sh:sparql</c> constraints and the
/// constraints of SPARQL-based constraint components whose mandatory parameters the shape has.
/// Queries are parsed and checked against the pre-binding rules here, so an ill-formed query fails
/// when the shapes graph is compiled, before any data is looked at.
/// </summary>
public sealed class SparqlConstraintProvider : IConstraintProvider
{
    private static readonly HashSet<string> s_standard = new(StringComparer.Ordinal) { "this", "shapesGraph", "currentShape" };

    // Declared components are found once per shapes graph.
    private readonly ConditionalWeakTable<ShapesGraph, List<ComponentDeclaration>> _components = new();

    public void AddConstraints(ShapesGraph shapes, Shape shape, ICollection<IConstraint> constraints)
    {
        var g = shapes.Graph;
        foreach (var node in g.Objects(shape.Node, Sh.Sparql))
        {
            if (g.Objects(node, Sh.Deactivated).Any(CoreConstraints.IsTrue)) continue;
            var select = Single(g, node, Sh.Select, "sh:sparql constraint");
            var query = QueryTemplate.Compile(node, PrefixDeclarations.For(g, node), select, QueryForm.Select, shape.Path, s_standard);
            constraints.Add(new SparqlConstraint(node, query, g.Objects(node, Sh.Message)));
        }
        foreach (var component in _components.GetValue(shapes, s => ComponentDeclaration.FindAll(s.Graph)))
            component.AddConstraints(g, shape, constraints);
    }

    internal static string Single(ShaclGraph g, Term node, Iri property, string what)
    {
        var values = g.Objects(node, property);
        if (values.Count != 1 || values[0] is not Literal l)
            throw new ShaclException($"{what} {node} needs exactly one string value of {ShaclPath.LocalName(property)}");
        return l.Lexical;
    }

    /// <summary>A SPARQL-based constraint component declared in the shapes graph (§6.1).</summary>
    private sealed class ComponentDeclaration
    {
        private readonly Iri _iri;
        private readonly List<(Iri Path, string Name, bool Optional)> _parameters;
        private readonly HashSet<string> _preBound;

        private ComponentDeclaration(Iri iri, List<(Iri, string, bool)> parameters)
        {
            _iri = iri;
            _parameters = parameters;
            _preBound = new HashSet<string>(s_standard, StringComparer.Ordinal);
            foreach (var p in parameters) _preBound.Add(p.Item2);
        }

        public static List<ComponentDeclaration> FindAll(ShaclGraph g)
        {
            var list = new List<ComponentDeclaration>();
            var seen = new HashSet<Term>();
            foreach (var (s, _) in g.WithPredicate(Vocab.Rdf.Type))
            {
                if (s is not Iri iri || !seen.Add(s) || !g.IsInstanceOf(s, Sh.ConstraintComponent)) continue;
                var parameters = new List<(Iri, string, bool)>();
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var p in g.Objects(s, Sh.Parameter))
                {
                    if (g.Objects(p, Sh.Path) is not [Iri path])
                        throw new ShaclException($"parameter {p} of component {s} needs exactly one IRI sh:path");
                    string name = ShaclPath.LocalName(path);
                    if (name is "this" or "shapesGraph" or "currentShape" or "path" or "PATH" or "value" || !names.Add(name))
                        throw new ShaclException($"component {s} has an invalid or duplicate parameter name '{name}'");
                    parameters.Add((path, name, g.Objects(p, Sh.Optional).Any(CoreConstraints.IsTrue)));
                }
                if (parameters.Count > 0) list.Add(new ComponentDeclaration(iri, parameters));
            }
            return list;
        }

        public void AddConstraints(ShaclGraph g, Shape shape, ICollection<IConstraint> constraints)
        {
            bool anyMandatory = false;
            foreach (var p in _parameters)
            {
                if (p.Optional) continue;
                anyMandatory = true;
                if (g.Objects(shape.Node, p.Path).Count == 0) return;
            }
            if (!anyMandatory) return;

            // Node shapes prefer sh:nodeValidator, property shapes sh:propertyValidator, else sh:validator.
            var validator = g.Object(_iri, shape.IsPropertyShape ? Sh.PropertyValidator : Sh.NodeValidator) ?? g.Object(_iri, Sh.Validator);
            if (validator is null) return;
            bool isAsk = g.Object(validator, Sh.Ask) is not null;
            var text = Single(g, validator, isAsk ? Sh.Ask : Sh.Select, "validator");
            var preBound = _preBound;
            if (isAsk) preBound = new HashSet<string>(_preBound, StringComparer.Ordinal) { "value" };
            var query = QueryTemplate.Compile(validator, PrefixDeclarations.For(g, validator), text, isAsk ? QueryForm.Ask : QueryForm.Select, shape.Path, preBound);
            var messages = g.Objects(validator, Sh.Message);
            if (messages.Count == 0) messages = g.Objects(_iri, Sh.Message);

            // One constraint per combination of parameter values (almost always exactly one).
            var combinations = new List<List<(string, Term)>> { new() };
            foreach (var p in _parameters)
            {
                var vals = g.Objects(shape.Node, p.Path);
                if (vals.Count == 0) continue;
                var next = new List<List<(string, Term)>>();
                foreach (var c in combinations)
                    foreach (var v in vals) next.Add([.. c, (p.Name, v)]);
                combinations = next;
            }
            foreach (var c in combinations) constraints.Add(new ComponentConstraint(_iri, query, isAsk, c, messages));
        }
    }
}
