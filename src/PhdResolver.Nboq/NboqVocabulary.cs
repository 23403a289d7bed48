using PhdResolver.Rdf;

namespace PhdResolver.Nboq;

/// <summary>What the importer needs to know about one NBO-Q property.</summary>
public sealed record NboqProperty(Iri Iri, string LocalName, bool IsObject, Iri? Range, Iri? ValueScheme, bool IsUnit, bool IsReference);

/// <summary>
/// The NBO-Q ontology in code: classes by NBO name, properties by local name, the concepts of each value list,
/// and, from the tier shapes, which concepts each class allows for each enumerated property.
/// </summary>
public sealed class NboqVocabulary
{
    private static readonly Lazy<NboqVocabulary> DefaultInstance = new(() => new NboqVocabulary(EmbeddedFiles.Ontology(), TierShapes.ForTier(TierShapes.MaxTier)));

    /// <summary>The vocabulary built from the embedded ontology and shapes.</summary>
    public static NboqVocabulary Default => DefaultInstance.Value;

    private static readonly Iri RdfsSubClassOf = Vocab.Rdfs.SubClassOf;
    private static readonly Iri RdfsRange = new(Vocab.Rdfs.Namespace + "range");
    private static readonly Iri RdfsSubPropertyOf = new(Vocab.Rdfs.Namespace + "subPropertyOf");
    private static readonly Iri OwlClass = new(Vocab.Owl.Namespace + "Class");
    private static readonly Iri OwlObjectProperty = new(Vocab.Owl.Namespace + "ObjectProperty");
    private static readonly Iri OwlDatatypeProperty = new(Vocab.Owl.Namespace + "DatatypeProperty");
    private static readonly Iri SkosInScheme = new(Vocabs.Skos + "inScheme");
    private static readonly Iri SkosNotation = new(Vocabs.Skos + "notation");
    private static readonly Iri QudtUnit = new(Vocabs.Qudt + "Unit");
    private static readonly Iri ShTargetClass = new(Vocabs.Sh + "targetClass");
    private static readonly Iri ShProperty = new(Vocabs.Sh + "property");
    private static readonly Iri ShPath = new(Vocabs.Sh + "path");
    private static readonly Iri ShIn = new(Vocabs.Sh + "in");

    private readonly Dictionary<string, NboqProperty> _properties = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Iri> _classesByName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<Iri, List<Iri>> _supers = [];
    private readonly Dictionary<Iri, Dictionary<string, Iri>> _schemeConcepts = [];   // scheme -> notation -> concept
    private readonly Dictionary<(Iri Class, Iri Property), List<Iri>> _allowed = [];
    private readonly Dictionary<Iri, string> _notations = [];
    private readonly HashSet<(Iri Class, Iri Property)> _checked = [];

    // Values Micro-Meta App offers under another name than the NBO list ("no-color" for a camera's Color "none").
    private static readonly Dictionary<string, string> ValueAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["no-color"] = "none",
    };

    public NboqVocabulary(Dataset ontology, Dataset shapes)
    {
        var g = new GraphIndex(ontology);
        foreach (var s in g.Subjects.OfType<Iri>())
        {
            if (!s.Value.StartsWith(Nboq.Namespace, StringComparison.Ordinal)) continue;
            var local = s.Value[Nboq.Namespace.Length..];
            var types = g.Objects(s, Vocab.Rdf.Type).ToList();
            if (types.Contains(OwlClass))
            {
                _classesByName[local] = s;
                if (g.Object(s, Nboq.NboName) is Literal n) _classesByName.TryAdd(n.Lexical, s);
                _supers[s] = [.. g.Objects(s, RdfsSubClassOf).OfType<Iri>()];
            }
            bool isObject = types.Contains(OwlObjectProperty);
            if (isObject || types.Contains(OwlDatatypeProperty))
            {
                var range = g.Object(s, RdfsRange) as Iri;
                _properties[local] = new NboqProperty(s, local, isObject, range, g.Object(s, Nboq.ValueScheme) as Iri,
                    range == QudtUnit, g.Objects(s, RdfsSubPropertyOf).Contains(Nboq.RefersTo));
            }
            if (g.Object(s, SkosInScheme) is Iri scheme && g.Object(s, SkosNotation) is Literal notation)
            {
                if (!_schemeConcepts.TryGetValue(scheme, out var map)) _schemeConcepts[scheme] = map = new(StringComparer.OrdinalIgnoreCase);
                map.TryAdd(notation.Lexical, s);
                _notations[s] = notation.Lexical;
            }
        }

        var sh = new GraphIndex(shapes);
        // A shape names its class and every subclass as targets; each of them gets the shape's lists.
        foreach (var shape in sh.Subjects)
            foreach (var cls in sh.Objects(shape, ShTargetClass).OfType<Iri>())
                foreach (var ps in sh.Objects(shape, ShProperty))
                    if (sh.Object(ps, ShPath) is Iri p1) _checked.Add((cls, p1));
        foreach (var shape in sh.Subjects)
            foreach (var cls in sh.Objects(shape, ShTargetClass).OfType<Iri>())
                foreach (var ps in sh.Objects(shape, ShProperty))
                    if (sh.Object(ps, ShPath) is Iri path && sh.Object(ps, ShIn) is { } list)
                    {
                        if (!_allowed.TryGetValue((cls, path), out var known)) _allowed[(cls, path)] = known = [];
                        foreach (var v in sh.List(list).OfType<Iri>()) if (!known.Contains(v)) known.Add(v);
                    }
    }

    public IEnumerable<NboqProperty> Properties => _properties.Values;
    public IEnumerable<Iri> Classes => _classesByName.Values.Distinct();

    public NboqProperty? Property(string localName) => _properties.GetValueOrDefault(localName);

    /// <summary>The class for an NBO element name or NBO-Q local name (case-insensitive).</summary>
    public Iri? Class(string name) => _classesByName.GetValueOrDefault(name);

    public IEnumerable<Iri> SuperClasses(Iri cls) => _supers.GetValueOrDefault(cls) ?? [];

    public bool IsSubClassOf(Iri cls, Iri ancestor)
    {
        var seen = new HashSet<Iri>();
        var todo = new Stack<Iri>([cls]);
        while (todo.TryPop(out var c))
        {
            if (c == ancestor) return true;
            if (seen.Add(c)) foreach (var s in SuperClasses(c)) todo.Push(s);
        }
        return false;
    }

    /// <summary>True when a tier shape on <paramref name="cls"/> (or a superclass: targets list subclasses) checks <paramref name="property"/>.</summary>
    public bool IsChecked(Iri cls, Iri property) => _checked.Contains((cls, property));

    /// <summary>True when the shapes give <paramref name="cls"/> (or an ancestor) a list of values for <paramref name="property"/>.</summary>
    public bool ListsValues(Iri cls, NboqProperty property)
    {
        var seen = new HashSet<Iri>();
        var todo = new Queue<Iri>([cls]);
        while (todo.TryDequeue(out var c))
        {
            if (!seen.Add(c)) continue;
            if (_allowed.ContainsKey((c, property.Iri))) return true;
            foreach (var s in SuperClasses(c)) todo.Enqueue(s);
        }
        return false;
    }

    /// <summary>
    /// The concept an enumerated value stands for, looked up in the list the shapes allow for this class
    /// (or an ancestor), then in the property's own value list.
    /// </summary>
    public Iri? Concept(Iri cls, NboqProperty property, string value)
    {
        var v = value.Trim();
        if (ValueAliases.TryGetValue(v, out var alias)) v = alias;
        var seen = new HashSet<Iri>();
        var todo = new Queue<Iri>([cls]);
        while (todo.TryDequeue(out var c))
        {
            if (!seen.Add(c)) continue;
            if (_allowed.TryGetValue((c, property.Iri), out var allowed))
            {
                // The nearest class that lists values for this property decides: a value outside its list is not
                // valid here, even when another element's list (the property's first scheme) happens to hold it.
                return allowed.FirstOrDefault(a => string.Equals(_notations.GetValueOrDefault(a), v, StringComparison.OrdinalIgnoreCase))
                    ?? allowed.FirstOrDefault(a => Loose(_notations.GetValueOrDefault(a)) == Loose(v));
            }
            foreach (var s in SuperClasses(c)) todo.Enqueue(s);
        }
        if (property.ValueScheme is not null && _schemeConcepts.TryGetValue(property.ValueScheme, out var map))
        {
            if (map.TryGetValue(v, out var concept)) return concept;
            foreach (var (notation, c) in map) if (Loose(notation) == Loose(v)) return c;
        }
        return null;
    }

    /// <summary>
    /// A notation with case, spaces and punctuation ignored: Micro-Meta App writes "FrameTransfer" and
    /// "AcoustoOptical Beam Splitter" where the NBO lists have "Frame transfer" and "Acousto-Optical Beam Splitter".
    /// </summary>
    private static string Loose(string? s) =>
        s is null ? "\0" : string.Concat(s.Where(char.IsLetterOrDigit)).ToLowerInvariant();
}
