namespace PhdResolver.Rdf.JsonLd;

/// <summary>
/// The inverse context (JSON-LD 1.1 API §6.2): IRI → container → (@language | @type | @any) → value → term.
/// Built once per active context used for compaction; term choice ties (shortest, then code point
/// least) are settled here by visiting terms in that order and keeping the first.
/// </summary>
internal sealed class InverseContext
{
    internal sealed class TypeLanguageMap
    {
        public readonly Dictionary<string, string> Language = new(StringComparer.Ordinal);
        public readonly Dictionary<string, string> Type = new(StringComparer.Ordinal);
        public readonly Dictionary<string, string> Any = new(StringComparer.Ordinal);

        public Dictionary<string, string> Get(string typeOrLanguage) => typeOrLanguage switch
        {
            "@language" => Language,
            "@type" => Type,
            _ => Any,
        };
    }

    private readonly Dictionary<string, Dictionary<string, TypeLanguageMap>> _map = new(StringComparer.Ordinal);

    /// <summary>The inverse context of <paramref name="context"/>, built on first use and memoised on it.</summary>
    public static InverseContext Of(ActiveContext context)
    {
        if (context.InverseContextCache is InverseContext cached) return cached;
        var inverse = new InverseContext(context.Terms, context.DefaultLanguage, context.DefaultBaseDirection);
        context.InverseContextCache = inverse;
        return inverse;
    }

    private InverseContext(IReadOnlyDictionary<string, TermDefinition> terms, string? defaultLanguage, string? defaultDirection)
    {
        string defaultLang = defaultLanguage is null ? "@none" : defaultLanguage.ToLowerInvariant();
        if (defaultDirection is not null) defaultLang = (defaultLanguage is null ? "" : defaultLang) + "_" + defaultDirection;
        // Note: the spec concatenates direction onto "@none" literally only when a language is set;
        // with a direction alone the key is "_dir", which is what term selection looks for.

        var ordered = terms.Select(t => (Term: t.Key, Def: t.Value)).ToList();
        ordered.Sort((a, b) => a.Term.Length != b.Term.Length ? a.Term.Length.CompareTo(b.Term.Length) : string.CompareOrdinal(a.Term, b.Term));

        foreach (var (term, def) in ordered)
        {
            if (def.IriMapping is null) continue;
            string container = "@none";
            if (def.ContainerMapping.Count > 0)
            {
                var parts = def.ContainerMapping.ToArray();
                Array.Sort(parts, StringComparer.Ordinal);
                container = string.Concat(parts);
            }
            if (!_map.TryGetValue(def.IriMapping, out var containerMap))
                _map[def.IriMapping] = containerMap = new Dictionary<string, TypeLanguageMap>(StringComparer.Ordinal);
            if (!containerMap.TryGetValue(container, out var tl))
            {
                containerMap[container] = tl = new TypeLanguageMap();
                tl.Any["@none"] = term;
            }
            var typeMap = tl.Type;
            var languageMap = tl.Language;
            if (def.ReverseProperty)
            {
                typeMap.TryAdd("@reverse", term);
            }
            else if (def.TypeMapping == "@none")
            {
                languageMap.TryAdd("@any", term);
                typeMap.TryAdd("@any", term);
            }
            else if (def.TypeMapping is not null)
            {
                typeMap.TryAdd(def.TypeMapping, term);
            }
            else if (def.HasLanguage && def.HasDirection)
            {
                string langDir;
                if (def.Language is not null && def.Direction is not null) langDir = (def.Language + "_" + def.Direction).ToLowerInvariant();
                else if (def.Language is not null) langDir = def.Language.ToLowerInvariant();
                else if (def.Direction is not null) langDir = "_" + def.Direction;
                else langDir = "@null";
                languageMap.TryAdd(langDir, term);
            }
            else if (def.HasLanguage)
            {
                languageMap.TryAdd(def.Language is null ? "@null" : def.Language.ToLowerInvariant(), term);
            }
            else if (def.HasDirection)
            {
                languageMap.TryAdd(def.Direction is null ? "@none" : "_" + def.Direction, term);
            }
            else
            {
                languageMap.TryAdd(defaultLang, term);
                languageMap.TryAdd("@none", term);
                typeMap.TryAdd("@none", term);
            }
        }
    }

    public bool Contains(string iri) => _map.ContainsKey(iri);

    /// <summary>Term Selection (§6.3).</summary>
    public string? SelectTerm(string iri, List<string> containers, string typeOrLanguage, List<string> preferredValues)
    {
        if (!_map.TryGetValue(iri, out var containerMap)) return null;
        foreach (var container in containers)
        {
            if (!containerMap.TryGetValue(container, out var tl)) continue;
            var valueMap = tl.Get(typeOrLanguage);
            foreach (var item in preferredValues)
                if (valueMap.TryGetValue(item, out var term)) return term;
        }
        return null;
    }
}
