using System.Globalization;

namespace PhdResolver.NboqGen;

/// <summary>Turns the NBO tables into ontology terms and tier usages. Deterministic: same tables, same model.</summary>
public sealed class ModelBuilder
{
    public SortedDictionary<string, ClassTerm> Classes { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, PropertyTerm> Properties { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, SchemeTerm> Schemes { get; } = new(StringComparer.Ordinal);
    public List<Usage> Usages { get; } = [];

    private readonly Dictionary<string, NboElement> _elementsByPath = new(StringComparer.Ordinal);
    private readonly HashSet<string> _coreNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _enumNames = new(StringComparer.Ordinal);

    private static bool IsEnum(NboAttribute a) =>
        !a.IsReference && a.DataType.Equals("enum", StringComparison.OrdinalIgnoreCase) && SplitValues(a.AllowedValues).Count > 0;

    public static ModelBuilder Build(IReadOnlyList<NboElement> elements, IReadOnlyList<NboAttribute> attributes, MmaRequirements? mma = null)
    {
        var b = new ModelBuilder();
        CoreTerms.AddTo(b);
        b._coreNames.UnionWith(b.Properties.Keys);
        foreach (var e in elements) b._elementsByPath[e.Path] = e;
        foreach (var a in attributes)
            if (IsEnum(a)) b._enumNames.Add(Naming.PropertyName(a.Name));
        foreach (var e in elements) b.AddElement(e);
        foreach (var a in attributes) b.AddAttribute(a);
        b.KeyByContext();
        b.AddRequiredElements(elements);
        if (mma is not null) b.Enforce(mma);
        b.FinishDefinitions();
        return b;
    }

    internal static int ParseTier(string tier, int fallback) =>
        int.TryParse(tier, NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) && t is >= 1 and <= 3 ? t : fallback;

    private void AddElement(NboElement e)
    {
        var name = Naming.ClassName(e.Name);
        int tier = ParseTier(e.Tier, 3);
        if (!Classes.TryGetValue(name, out var c))
        {
            c = new ClassTerm { Name = name, NboName = e.Name, Tier = tier, Extension = e.Extension, Label = Naming.Words(e.Name) };
            Classes[name] = c;
        }
        else if (tier < c.Tier) { c.Tier = tier; c.Extension = e.Extension; }
        c.Paths.Add(e.Path);

        var parent = e.ParentPath is null ? null : _elementsByPath.GetValueOrDefault(e.ParentPath);
        if (parent is not null && e.SubstitutionMember && Naming.ClassName(parent.Name) != name)
            c.Supers.Add("nboq:" + Naming.ClassName(parent.Name));
        if (e.ComplexType.Contains("anufactu", StringComparison.OrdinalIgnoreCase) && name != "ManufacturerSpecs")
            c.Supers.Add("nboq:ManufacturerSpecs");
        if (name.EndsWith("Settings", StringComparison.Ordinal) && name != "Settings")
            c.Supers.Add("nboq:Settings");
        if (parent is not null && parent.Path == "Instrument")
            c.Supers.Add("nboq:InstrumentComponent");
        foreach (var a in Alignments.ForClass(name)) c.Supers.Add(a);
        foreach (var m in Alignments.CloseMatchForClass(name))
            if (!c.CloseMatch.Contains(m)) c.CloseMatch.Add(m);
    }

    private void AddAttribute(NboAttribute a)
    {
        var cls = Naming.ClassName(a.Element);
        var element = _elementsByPath.GetValueOrDefault(a.ElementPath);
        int tier = ParseTier(a.Tier, element is null ? 3 : ParseTier(element.Tier, 3));
        var values = SplitValues(a.AllowedValues);
        bool isEnum = IsEnum(a);

        string baseName = Naming.PropertyName(a.Name);
        string propName;
        PropertyTerm p;
        if (a.IsReference)
        {
            propName = baseName;
            p = GetOrAdd(propName, PropertyKind.Object, a);
            p.Super = "nboq:refersTo";
        }
        else if (isEnum)
        {
            propName = baseName;
            p = GetOrAdd(propName, PropertyKind.Object, a);
            p.Range = "skos:Concept";
            var scheme = SchemeFor(a, values, tier);
            // One property may serve several lists (e.g. "Type"); the annotation names the first, the shapes name each.
            p.ValueScheme ??= scheme.Name;
            Usages.Add(new Usage(cls, propName, tier, a.Required, a.Extension, null, scheme.Name, false, a.ElementPath, a.Name));
            Note(p, cls, tier, a.Extension);
            return;
        }
        else
        {
            // A name that is an enumeration elsewhere gets its own literal-valued twin ("dic" vs "dicValue").
            propName = _enumNames.Contains(baseName) ? baseName + "Value" : baseName;
            p = GetOrAdd(propName, PropertyKind.Datatype, a);
            var dt = Datatypes.FromNbo(a.DataType);
            p.Range = p.Range is null ? dt : Datatypes.Unify(p.Range, dt);
            var unit = Datatypes.UnitName(a.DataType);
            if (unit is not null)
            {
                var unitProp = propName + "Unit";
                p.UnitProperty = unitProp;
                p.DefaultUnit ??= Datatypes.DefaultUnit(a.DataType);
                if (!Properties.TryGetValue(unitProp, out var up))
                {
                    up = new PropertyTerm { Name = unitProp, Kind = PropertyKind.Object, Range = "qudt:Unit", Tier = tier, Extension = a.Extension,
                        Label = "unit of " + Naming.Words(a.Name),
                        Definition = $"The unit of measurement in which the {Naming.Words(a.Name)} value is stated, given as a QUDT unit." };
                    Properties[unitProp] = up;
                }
                else if (up.Kind != PropertyKind.Object) throw new InvalidOperationException($"unit property {unitProp} clashes with an attribute");
                if (tier < up.Tier) { up.Tier = tier; up.Extension = a.Extension; }
                up.UsedBy.Add(cls);
            }
        }
        Usages.Add(new Usage(cls, propName, tier, a.Required, a.Extension, a.IsReference ? null : p.Range, null, a.IsReference, a.ElementPath, a.Name));
        Note(p, cls, tier, a.Extension);
    }

    private PropertyTerm GetOrAdd(string name, PropertyKind kind, NboAttribute a)
    {
        if (_coreNames.Contains(name)) throw new InvalidOperationException($"NBO attribute {a.ElementPath}/{a.Name} collides with the NBO-Q core term {name}");
        if (Properties.TryGetValue(name, out var p))
        {
            if (p.Kind != kind) throw new InvalidOperationException($"property {name} is used as {p.Kind} and {kind} ({a.ElementPath}/{a.Name})");
            if (p.NboName is null) p.NboName = a.Name;
            return p;
        }
        p = new PropertyTerm { Name = name, Kind = kind, NboName = a.Name, Tier = 3, Extension = a.Extension, Label = Naming.Words(a.Name) };
        foreach (var m in Alignments.CloseMatchForProperty(name)) p.CloseMatch.Add(m);
        p.Tier = 4; // lowered by Note()
        Properties[name] = p;
        return p;
    }

    private static void Note(PropertyTerm p, string cls, int tier, string extension)
    {
        p.UsedBy.Add(cls);
        if (tier < p.Tier) { p.Tier = tier; p.Extension = extension; }
    }

    private SchemeTerm SchemeFor(NboAttribute a, List<string> values, int tier)
    {
        var name = a.ComplexType.Length > 0 && !a.ComplexType.Contains(' ', StringComparison.Ordinal)
            ? Naming.Clean(a.ComplexType) : Naming.ClassName(a.Element) + Naming.Clean(a.Name) + "List";
        if (Classes.ContainsKey(name) || Properties.ContainsKey(name)) name += "List";
        if (!Schemes.TryGetValue(name, out var s))
        {
            s = new SchemeTerm { Name = name, Tier = tier, Extension = a.Extension, Label = Naming.Words(name) + " values",
                Definition = $"The controlled list of values allowed for the {Naming.Words(a.Name)} of {Article(Naming.Words(a.Element))}." };
            Schemes[name] = s;
        }
        else if (tier < s.Tier) { s.Tier = tier; s.Extension = a.Extension; }
        foreach (var v in values)
        {
            var existing = s.Concepts.FirstOrDefault(c => c.Notation == v);
            if (existing is not null) { if (tier < existing.Tier) { existing.Tier = tier; existing.Extension = a.Extension; } continue; }
            var cname = Naming.ConceptName(name, v);
            while (s.Concepts.Any(c => c.Name == cname)) cname += "_";
            s.Concepts.Add(new ConceptTerm { Name = cname, Notation = v, Scheme = name, Tier = tier, Extension = a.Extension, Label = v,
                Definition = $"The entry \"{v}\" of the {Naming.Words(name)} list of values." });
        }
        return s;
    }

    /// <summary>
    /// Where the NBO tables give one (element, attribute) pair different rules in different places (CutOn of an
    /// IlluminationWavelengthRange is MUST at tier 2 in an LED module, SHOULD in a laser), one class-wide rule
    /// cannot be right. The class keeps the most lenient rule of its places; each place whose rule is stricter
    /// gets a context subclass named parent + element ("LEDModuleIlluminationWavelengthRange") carrying that rule.
    /// The importer types a nested element with the context subclass when it sits in that parent, so every place
    /// gets exactly its table row. The context is the nearest ancestor element that tells the places apart.
    /// </summary>
    private void KeyByContext()
    {
        var replaced = new List<Usage>();
        foreach (var group in Usages.GroupBy(u => (u.Class, u.Property)).ToList())
        {
            var rules = group.Select(u => (u.Tier, u.Required)).Distinct().ToList();
            if (rules.Count < 2) continue;
            // Most lenient: the highest tier, SHOULD before MUST at that tier.
            var lenient = group.OrderByDescending(u => u.Tier).ThenBy(u => u.Required ? 1 : 0).First();
            foreach (var u in group) Usages.Remove(u);
            replaced.Add(lenient);
            foreach (var u in group)
            {
                if (u.Tier == lenient.Tier && u.Required == lenient.Required) continue;
                var context = ContextName(u.NboElementPath, group.Select(x => x.NboElementPath));
                var ctxClass = context + u.Class;
                if (!Classes.TryGetValue(ctxClass, out var c))
                {
                    var baseClass = Classes[u.Class];
                    c = new ClassTerm { Name = ctxClass, Tier = u.Tier, Extension = u.Extension,
                        Label = $"{Naming.Words(u.Class)} of {Article(Naming.Words(context))}",
                        Definition = $"{Article(Naming.Words(u.Class))[0..1].ToUpperInvariant()}{Article(Naming.Words(u.Class))[1..]} that is part of {Article(Naming.Words(context))}, where the NBO tables ask for it under their own rules." };
                    c.Supers.Add("nboq:" + u.Class);
                    c.Paths.Add(u.NboElementPath);
                    Classes[ctxClass] = c;
                    ContextClasses[ctxClass] = (Naming.ClassName(context), u.Class);
                }
                replaced.Add(u with { Class = ctxClass });
            }
        }
        Usages.AddRange(replaced);
    }

    /// <summary>The element rows marked R: the parent must have at least one such part from that tier on.</summary>
    public List<RequiredElement> RequiredElements { get; } = [];

    private void AddRequiredElements(IReadOnlyList<NboElement> elements)
    {
        foreach (var e in elements)
        {
            if (e.ParentPath is null || !(e.Required || e.Cardinality.StartsWith('1'))) continue;
            var parent = _elementsByPath.GetValueOrDefault(e.ParentPath);
            if (parent is null) continue;
            var parentCls = Naming.ClassName(parent.Name);
            // Components hang off an instrument with nboq:hasComponent; everything else is a nested part.
            var link = parent.Path == "Instrument" ? "hasComponent" : "hasPart";
            var r = new RequiredElement(parentCls, Naming.ClassName(e.Name), link, ParseTier(e.Tier, 1), e.Extension, e.Path, e.Name, e.Cardinality);
            // One rule per (parent, element): MapAnnotation/Value is listed under several owners of a MapAnnotation.
            if (!RequiredElements.Any(x => x.Parent == r.Parent && x.Element == r.Element && x.Tier == r.Tier)) RequiredElements.Add(r);
        }
    }

    /// <summary>See <see cref="MmaRequirements"/>: NBO "R" rows Micro-Meta App does not enforce at their tier.</summary>
    private void Enforce(MmaRequirements mma)
    {
        var result = new List<Usage>();
        foreach (var u in Usages)
        {
            if (!u.Required) { result.Add(u); continue; }
            var baseClass = ContextClasses.TryGetValue(u.Class, out var ctx) ? ctx.Element : u.Class;
            var from = mma.EnforcedFrom(SelfAndSubclasses(baseClass).ToList(), u.NboAttribute);
            if (from is null || from <= u.Tier) { result.Add(u); continue; }
            result.Add(u with { NotEnforced = true });
            if (from <= 3) result.Add(u with { Tier = from.Value });
        }
        Usages.Clear();
        Usages.AddRange(result);
        for (int i = 0; i < RequiredElements.Count; i++)
        {
            var r = RequiredElements[i];
            var from = mma.EnforcedFrom(SelfAndSubclasses(r.Parent).ToList(), r.NboElement);
            if (from is not null && from > r.Tier) RequiredElements[i] = r with { NotEnforced = true };
        }
    }

    /// <summary>A class and every class below it (nboq: superclass links only), sorted.</summary>
    public IEnumerable<string> SelfAndSubclasses(string cls)
    {
        var result = new SortedSet<string>(StringComparer.Ordinal) { cls };
        bool grew = true;
        while (grew)
        {
            grew = false;
            foreach (var c in Classes.Values)
                if (!result.Contains(c.Name) && c.Supers.Any(s => s.StartsWith("nboq:", StringComparison.Ordinal) && result.Contains(s[5..])))
                    grew |= result.Add(c.Name);
        }
        return result;
    }

    /// <summary>Context subclass -> (parent class, element class), for the importer and the comparison test.</summary>
    public SortedDictionary<string, (string Parent, string Element)> ContextClasses { get; } = new(StringComparer.Ordinal);

    private static string ContextName(string path, IEnumerable<string> others)
    {
        var segs = path.Split('/');
        var otherSegs = others.Where(o => o != path).Select(o => o.Split('/')).ToList();
        for (int i = segs.Length - 2; i >= 0; i--)
        {
            int fromEnd = segs.Length - 1 - i;
            if (otherSegs.All(o => o.Length - 1 - fromEnd < 0 || o[o.Length - 1 - fromEnd] != segs[i])) return segs[i];
        }
        return segs.Length > 1 ? segs[^2] : segs[0];
    }

    /// <summary>Splits "a, b (c, d), e" on top-level commas.</summary>
    internal static List<string> SplitValues(string text)
    {
        var result = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || (text[i] == ',' && depth == 0))
            {
                var v = text[start..i].Trim();
                if (v.Length > 0 && !result.Contains(v)) result.Add(v);
                start = i + 1;
            }
            else if (text[i] == '(') depth++;
            else if (text[i] == ')') depth = Math.Max(0, depth - 1);
        }
        return result;
    }

    private void FinishDefinitions()
    {
        foreach (var c in Classes.Values)
        {
            if (c.Definition.Length > 0) continue;
            c.Definition = Definitions.ForClass(c.Name) ?? TemplateClassDefinition(c);
        }
        foreach (var p in Properties.Values)
        {
            if (p.Tier > 3) p.Tier = 3;
            if (p.Definition.Length > 0) continue;
            p.Definition = Definitions.ForProperty(p.Name) ?? TemplatePropertyDefinition(p);
        }
    }

    private string TemplateClassDefinition(ClassTerm c)
    {
        var words = Naming.Words(c.NboName ?? c.Name);
        var sub = c.Supers.FirstOrDefault(s => s.StartsWith("nboq:", StringComparison.Ordinal) && s != "nboq:ManufacturerSpecs" && s != "nboq:InstrumentComponent" && s != "nboq:Settings");
        if (sub is not null)
            return $"One kind of {Naming.Words(Classes.GetValueOrDefault(sub[5..])?.NboName ?? sub[5..])}: the {words}.";
        var parents = c.Paths.Where(x => x.Contains('/', StringComparison.Ordinal))
            .Select(x => x[..x.LastIndexOf('/')]).Select(x => x[(x.LastIndexOf('/') + 1)..]).Distinct().ToList();
        if (parents.Count > 1)
            return $"The part of an element description (for example of {Article(Naming.Words(parents[0]))} or {Article(Naming.Words(parents[1]))}) that records its {words}.";
        var path = c.Paths.First();
        var parentPath = path.Contains('/', StringComparison.Ordinal) ? path[..path.LastIndexOf('/')] : null;
        if (parentPath is not null)
        {
            var parent = parentPath[(parentPath.LastIndexOf('/') + 1)..];
            var role = c.Supers.Contains("nboq:Settings") ? "the acquisition settings for its" : "its";
            return $"The part of {Article(Naming.Words(parent))} description that records {role} {words}.";
        }
        return $"A top-level {words} record of the NBO microscopy model.";
    }

    private static string TemplatePropertyDefinition(PropertyTerm p)
    {
        var what = Naming.Words(p.NboName ?? p.Name);
        var owners = p.UsedBy.Select(Naming.Words).ToList();
        var owner = owners.Count switch
        {
            0 => "a described element",
            1 => Article(owners[0]),
            2 => $"{Article(owners[0])} or {Article(owners[1])}",
            _ => $"any of {owners.Count} element types (for example {Article(owners[0])} or {Article(owners[1])})",
        };
        if (p.Super == "nboq:refersTo")
        {
            var target = what.EndsWith(" ref", StringComparison.Ordinal) ? what[..^4] : what;
            return $"Links {owner} to the {target} it concerns, by reference rather than by containment.";
        }
        if (p.Range == "skos:Concept")
            return $"The {what} of {owner}, taken from a controlled list of values.";
        var unit = p.UnitProperty is null ? "" : " The unit is stated separately with the companion unit property.";
        return $"The {what} of {owner}, as {Datatypes.Phrase(p.Range)}.{unit}";
    }

    internal static string Article(string words) =>
        (words.Length > 0 && "aeiouAEIOU".Contains(words[0], StringComparison.Ordinal) ? "an " : "a ") + words;
}
