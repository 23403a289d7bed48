using System.Text.Json;
using System.Text.Json.Nodes;
using static PhdResolver.Rdf.JsonLd.JsonLdKeywords;

namespace PhdResolver.Rdf.JsonLd;

// Context Processing (JSON-LD 1.1 API §4.1) and Create Term Definition (§4.2).
public sealed partial class ActiveContext
{
    /// <summary>How deep remote contexts may nest before we call it a loop ("context overflow").</summary>
    private const int MaxRemoteContexts = 32;

    private static readonly HashSet<string> s_termDefinitionKeys = new(StringComparer.Ordinal)
    {
        "@id", "@reverse", "@container", "@context", "@direction", "@index", "@language", "@nest",
        "@prefix", "@protected", "@type",
    };

    private static readonly HashSet<string> s_containerKeywords = new(StringComparer.Ordinal)
    {
        "@graph", "@id", "@index", "@language", "@list", "@set", "@type",
    };

    /// <summary>State of one local context being processed: what Create Term Definition needs besides the context.</summary>
    private sealed class DefinitionState(JsonObject local, string? baseUrl, bool protectedDefault, bool overrideProtected,
        List<string> remoteContexts)
    {
        public JsonObject Local { get; } = local;
        public Dictionary<string, bool> Defined { get; } = new(StringComparer.Ordinal);
        public string? BaseUrl { get; } = baseUrl;
        public bool ProtectedDefault { get; } = protectedDefault;
        public bool OverrideProtected { get; } = overrideProtected;
        public List<string> RemoteContexts { get; } = remoteContexts;

        /// <summary>How many term definitions are being created inside each other (prefix chains).</summary>
        public int Depth { get; set; }
    }

    /// <summary>
    /// Term definitions recurse through the prefixes they use; a hostile context with a long
    /// chain of prefixes must fail cleanly rather than overflow the stack.
    /// </summary>
    private const int MaxDefinitionDepth = 256;

    /// <summary>
    /// Context Processing algorithm: the context that results from applying <paramref name="localContext"/>
    /// (a context, an IRI, null, or an array of those) to this one. This context is left unchanged.
    /// </summary>
    public ActiveContext Process(JsonNode? localContext, string? baseUrl, JsonLdOptions? options = null,
        bool overrideProtected = false, bool propagate = true, bool validateScopedContext = true)
    {
        var ctx = this;
        if (options is not null && !ReferenceEquals(options, Options))
        {
            ctx = Clone();
            ctx.Options = options;
        }
        return ctx.Process(localContext, baseUrl, [], overrideProtected, propagate, validateScopedContext);
    }

    private ActiveContext Process(JsonNode? localContext, string? baseUrl, List<string> remoteContexts,
        bool overrideProtected, bool propagate, bool validateScopedContext)
    {
        var result = Clone();
        if (localContext is JsonObject lcObj && lcObj.TryGetPropertyValue("@propagate", out var pv) && pv is JsonValue pvv &&
            pvv.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            propagate = pvv.GetValue<bool>();
        if (!propagate && result.PreviousContext is null) result.PreviousContext = this;

        foreach (var item in Items(localContext is null ? new JsonArray((JsonNode?)null) : localContext))
        {
            if (item is null)
            {
                if (!overrideProtected && result.HasProtectedTerms)
                    throw Error("invalid context nullification", "@context: null would remove protected term definitions");
                var before = result;
                result = new ActiveContext(Options, new Dictionary<string, TermDefinition>(StringComparer.Ordinal), Cache)
                {
                    BaseIri = OriginalBaseUrl,
                    OriginalBaseUrl = OriginalBaseUrl,
                    PreviousContext = propagate ? null : before,
                };
                continue;
            }
            if (IsString(item))
            {
                result = result.ProcessRemote(AsString(item)!, baseUrl, remoteContexts, validateScopedContext);
                continue;
            }
            if (item is not JsonObject context)
                throw Error("invalid local context", "a context must be null, an IRI, or an object");
            result.ProcessObject(context, baseUrl, remoteContexts, overrideProtected);
        }
        return result;
    }

    private ActiveContext ProcessRemote(string reference, string? baseUrl, List<string> remoteContexts, bool validateScopedContext)
    {
        string url = baseUrl is null ? reference : IriResolver.Resolve(baseUrl, reference);
        if (!IriResolver.IsAbsolute(url))
            throw Error("loading remote context failed", $"cannot resolve the relative context reference {reference}");
        if (!validateScopedContext && remoteContexts.Contains(url)) return this;
        if (remoteContexts.Count >= MaxRemoteContexts)
            throw Error("context overflow", $"too many nested remote contexts at {url}");
        remoteContexts.Add(url);

        var doc = LoadContextDocument(url);
        if (doc.Document is not JsonObject docObj || !docObj.TryGetPropertyValue("@context", out var loaded))
            throw Error("invalid remote context", $"{url} has no top-level @context");
        return Process(loaded, doc.DocumentUrl, [.. remoteContexts], false, true, validateScopedContext);
    }

    private RemoteDocument LoadContextDocument(string url)
    {
        if (Cache.Documents.TryGetValue(url, out var cached)) return cached;
        RemoteDocument doc;
        try
        {
            doc = Options.DocumentLoader.Load(url);
        }
        catch (Exception e) when (e is RdfSyntaxException or IOException or UnauthorizedAccessException)
        {
            throw new RdfSyntaxException($"cannot load the context {url}: {e.Message}", "$", "loading remote context failed", e);
        }
        Cache.Documents[url] = doc;
        return doc;
    }

    /// <summary>Steps 5.5–5.13 of Context Processing for one context object; mutates this (fresh) clone.</summary>
    private void ProcessObject(JsonObject context, string? baseUrl, List<string> remoteContexts, bool overrideProtected)
    {
        if (context.TryGetPropertyValue("@version", out var version))
        {
            if (version is not JsonValue vv || vv.GetValueKind() != JsonValueKind.Number || NumberValue(vv) != 1.1)
                throw Error("invalid @version value", "@version must be 1.1");
            if (IsProcessingMode10)
                throw Error("processing mode conflict", "@version 1.1 in json-ld-1.0 processing mode");
        }

        if (context.TryGetPropertyValue("@import", out var import))
        {
            if (IsProcessingMode10) throw Error("invalid context entry", "@import needs JSON-LD 1.1");
            if (!IsString(import)) throw Error("invalid @import value", "@import must be a string");
            string url = baseUrl is null ? AsString(import)! : IriResolver.Resolve(baseUrl, AsString(import)!);
            var doc = LoadContextDocument(url);
            if (doc.Document is not JsonObject docObj || docObj["@context"] is not JsonObject imported)
                throw Error("invalid remote context", $"{url} has no @context object to import");
            if (imported.ContainsKey("@import"))
                throw Error("invalid context entry", "an imported context must not itself use @import");
            var merged = new JsonObject();
            foreach (var (k, v) in imported)
                if (!context.ContainsKey(k)) merged[k] = Own(v);
            foreach (var (k, v) in context)
                if (k != "@import") merged[k] = Own(v);
            context = merged;
        }

        if (context.TryGetPropertyValue("@base", out var baseValue) && remoteContexts.Count == 0)
        {
            if (baseValue is null) BaseIri = null;
            else if (AsString(baseValue) is { } b)
            {
                if (IriResolver.IsAbsolute(b)) BaseIri = b;
                else if (BaseIri is not null) BaseIri = IriResolver.Resolve(BaseIri, b);
                else throw Error("invalid base IRI", $"relative @base {b} without a base IRI");
            }
            else throw Error("invalid base IRI", "@base must be a string or null");
        }

        if (context.TryGetPropertyValue("@vocab", out var vocab))
        {
            if (vocab is null) VocabularyMapping = null;
            else if (AsString(vocab) is { } v)
            {
                if (IsProcessingMode10 && !IriResolver.IsAbsolute(v) && !IsBlankNodeId(v))
                    throw Error("invalid vocab mapping", "a relative @vocab needs JSON-LD 1.1");
                var expanded = ExpandIri(v, documentRelative: true, vocab: true, null);
                if (expanded is null || (!IriResolver.IsAbsolute(expanded) && !IsBlankNodeId(expanded)))
                    throw Error("invalid vocab mapping", $"@vocab {v} is not an IRI");
                VocabularyMapping = expanded;
            }
            else throw Error("invalid vocab mapping", "@vocab must be a string or null");
        }

        if (context.TryGetPropertyValue("@language", out var language))
        {
            if (language is null) DefaultLanguage = null;
            else if (AsString(language) is { } l) DefaultLanguage = l.ToLowerInvariant();
            else throw Error("invalid default language", "@language must be a string or null");
        }

        if (context.TryGetPropertyValue("@direction", out var direction))
        {
            if (IsProcessingMode10) throw Error("invalid context entry", "@direction needs JSON-LD 1.1");
            if (direction is null) DefaultBaseDirection = null;
            else if (AsString(direction) is "ltr" or "rtl") DefaultBaseDirection = AsString(direction);
            else throw Error("invalid base direction", "@direction must be \"ltr\", \"rtl\" or null");
        }

        if (context.TryGetPropertyValue("@propagate", out var propagateValue))
        {
            if (IsProcessingMode10) throw Error("invalid context entry", "@propagate needs JSON-LD 1.1");
            if (Kind(propagateValue) is not (JsonValueKind.True or JsonValueKind.False))
                throw Error("invalid @propagate value", "@propagate must be true or false");
        }

        bool protectedDefault = false;
        if (context.TryGetPropertyValue("@protected", out var prot))
        {
            if (Kind(prot) is not (JsonValueKind.True or JsonValueKind.False))
                throw Error("invalid @protected value", "@protected must be true or false");
            protectedDefault = prot!.GetValue<bool>();
        }

        var state = new DefinitionState(context, baseUrl, protectedDefault, overrideProtected, remoteContexts);
        foreach (var (key, _) in context)
        {
            if (key is "@base" or "@direction" or "@import" or "@language" or "@propagate" or "@protected" or "@version" or "@vocab")
                continue;
            CreateTermDefinition(key, state);
        }
    }

    /// <summary>Create Term Definition (§4.2) for <paramref name="term"/> of the local context in <paramref name="state"/>.</summary>
    private void CreateTermDefinition(string term, DefinitionState state)
    {
        if (state.Defined.TryGetValue(term, out bool done))
        {
            if (done) return;
            throw Error("cyclic IRI mapping", $"the definition of {term} depends on itself");
        }
        if (term.Length == 0) throw Error("invalid term definition", "the empty string is not a term");
        if (state.Depth >= MaxDefinitionDepth)
            throw Error("invalid term definition", $"{term}: term definitions depend on each other more than {MaxDefinitionDepth} deep");
        state.Defined[term] = false;
        state.Depth++;
        try
        {
            CreateTermDefinitionCore(term, state);
        }
        finally
        {
            state.Depth--;
        }
    }

    private void CreateTermDefinitionCore(string term, DefinitionState state)
    {

        var value = state.Local[term];
        if (term == "@type")
        {
            if (IsProcessingMode10) throw Error("keyword redefinition", "@type cannot be redefined in json-ld-1.0");
            bool ok = value is JsonObject tobj && tobj.Count > 0;
            if (ok)
            {
                foreach (var (k, v) in (JsonObject)value!)
                {
                    if (k == "@container" && AsString(v) == "@set") continue;
                    if (k == "@protected") continue;
                    ok = false;
                }
            }
            if (!ok) throw Error("keyword redefinition", "@type may only be given @container: @set and @protected");
        }
        else if (IsKeyword(term))
        {
            throw Error("keyword redefinition", $"{term} is a keyword and cannot be redefined");
        }
        else if (HasKeywordForm(term))
        {
            // Reserved for future keywords: ignored (with a warning in the spec).
            state.Defined[term] = true;
            return;
        }

        _terms.TryGetValue(term, out var previous);
        _terms.Remove(term);

        JsonObject map;
        bool simpleTerm = false;
        if (value is null) map = new JsonObject { ["@id"] = null };
        else if (IsString(value))
        {
            map = new JsonObject { ["@id"] = value.DeepClone() };
            simpleTerm = true;
        }
        else if (value is JsonObject vo) map = vo;
        else throw Error("invalid term definition", $"the definition of {term} must be a string, an object or null");

        var def = new TermDefinition { Protected = state.ProtectedDefault };

        if (map.TryGetPropertyValue("@protected", out var prot))
        {
            if (IsProcessingMode10) throw Error("invalid term definition", "@protected needs JSON-LD 1.1");
            if (Kind(prot) is not (JsonValueKind.True or JsonValueKind.False))
                throw Error("invalid @protected value", "@protected must be true or false");
            def.Protected = prot!.GetValue<bool>();
        }

        if (map.TryGetPropertyValue("@type", out var typeNode))
        {
            if (AsString(typeNode) is not { } type) throw Error("invalid type mapping", $"@type of {term} must be a string");
            var expanded = ExpandIri(type, false, true, state);
            if (expanded is "@json" or "@none" && IsProcessingMode10)
                throw Error("invalid type mapping", $"{expanded} type mappings need JSON-LD 1.1");
            if (expanded is not ("@id" or "@vocab" or "@json" or "@none") &&
                (expanded is null || !IriResolver.IsAbsolute(expanded) || IsBlankNodeId(expanded)))
                throw Error("invalid type mapping", $"@type of {term} must be an IRI, @id, @vocab, @json or @none");
            def.TypeMapping = expanded;
        }

        if (map.TryGetPropertyValue("@reverse", out var reverseNode))
        {
            if (map.ContainsKey("@id") || map.ContainsKey("@nest"))
                throw Error("invalid reverse property", $"{term} cannot have @reverse together with @id or @nest");
            if (AsString(reverseNode) is not { } reverse) throw Error("invalid IRI mapping", "@reverse must be a string");
            if (HasKeywordForm(reverse))
            {
                state.Defined[term] = true;
                return;
            }
            var iri = ExpandIri(reverse, false, true, state);
            if (iri is null || (!IriResolver.IsAbsolute(iri) && !IsBlankNodeId(iri)) || IsKeyword(iri))
                throw Error("invalid IRI mapping", $"@reverse of {term} does not expand to an IRI");
            def.IriMapping = iri;
            if (map.TryGetPropertyValue("@container", out var rc))
            {
                var rcs = rc is null ? null : AsString(rc);
                if (rc is not null && rcs is not ("@set" or "@index"))
                    throw Error("invalid reverse property", "a reverse property's @container must be @set, @index or null");
                if (rcs is not null) def.ContainerMapping = new HashSet<string>(StringComparer.Ordinal) { rcs };
            }
            def.ReverseProperty = true;
            if (map.TryGetPropertyValue("@index", out var rindex))
            {
                if (IsProcessingMode10 || !def.HasContainer("@index") || AsString(rindex) is not { } ri || IsKeyword(ri))
                    throw Error("invalid term definition", "@index needs JSON-LD 1.1 and an @index container");
                def.Index = ri;
            }
            FinishDefinition(term, def, previous, map, state);
            return;
        }

        if (map.TryGetPropertyValue("@id", out var idNode) && AsString(idNode) != term)
        {
            if (idNode is null)
            {
                def.IriMapping = null;
            }
            else
            {
                if (AsString(idNode) is not { } id) throw Error("invalid IRI mapping", $"@id of {term} must be a string");
                if (!IsKeyword(id) && HasKeywordForm(id))
                {
                    state.Defined[term] = true;
                    return;
                }
                var iri = ExpandIri(id, false, true, state);
                if (iri is null || (!IsKeyword(iri) && !IriResolver.IsAbsolute(iri) && !IsBlankNodeId(iri)))
                    throw Error("invalid IRI mapping", $"{term} does not map to an IRI");
                if (iri == "@context") throw Error("invalid keyword alias", "@context cannot be aliased");
                def.IriMapping = iri;
                int colon = term.IndexOf(':', 1);
                if ((colon > 0 && colon < term.Length - 1) || term.Contains('/', StringComparison.Ordinal))
                {
                    state.Defined[term] = true;
                    var again = ExpandIri(term, false, true, state);
                    if (again != iri) throw Error("invalid IRI mapping", $"{term} looks like an IRI but maps to a different one");
                }
                if (!term.Contains(':', StringComparison.Ordinal) && !term.Contains('/', StringComparison.Ordinal) && simpleTerm &&
                    (IsBlankNodeId(iri) || (iri.Length > 0 && iri[^1] is ':' or '/' or '?' or '#' or '[' or ']' or '@')))
                    def.Prefix = true;
            }
        }
        else if (term.IndexOf(':', 1) > 0)
        {
            int colon = term.IndexOf(':', 1);
            string prefix = term[..colon];
            string suffix = term[(colon + 1)..];
            if (state.Local.ContainsKey(prefix)) CreateTermDefinition(prefix, state);
            if (_terms.TryGetValue(prefix, out var pdef) && pdef.IriMapping is not null)
                def.IriMapping = pdef.IriMapping + suffix;
            else
                def.IriMapping = term;
        }
        else if (term.Contains('/', StringComparison.Ordinal))
        {
            // Not through the local context: the term itself is being defined (it would look cyclic).
            var iri = ExpandIri(term, false, true, null);
            if (iri is null || !IriResolver.IsAbsolute(iri)) throw Error("invalid IRI mapping", $"{term} does not expand to an IRI");
            def.IriMapping = iri;
        }
        else if (term == "@type")
        {
            def.IriMapping = "@type";
        }
        else if (VocabularyMapping is not null)
        {
            def.IriMapping = VocabularyMapping + term;
        }
        else
        {
            throw Error("invalid IRI mapping", $"{term} has no IRI mapping and there is no @vocab");
        }

        if (map.TryGetPropertyValue("@container", out var containerNode))
        {
            var containers = ParseContainer(containerNode);
            if (IsProcessingMode10 && (containerNode is not JsonValue || containers.Overlaps(["@graph", "@id", "@type"])))
                throw Error("invalid container mapping", $"@container of {term} needs JSON-LD 1.1");
            def.ContainerMapping = containers;
            if (containers.Contains("@type"))
            {
                if (def.TypeMapping is null) def.TypeMapping = "@id";
                else if (def.TypeMapping is not ("@id" or "@vocab"))
                    throw Error("invalid type mapping", "a @type container needs @type @id or @vocab");
            }
        }

        if (map.TryGetPropertyValue("@index", out var indexNode))
        {
            if (IsProcessingMode10 || !def.HasContainer("@index"))
                throw Error("invalid term definition", "@index needs JSON-LD 1.1 and an @index container");
            if (AsString(indexNode) is not { } index || IsKeyword(index) ||
                ExpandIri(index, false, true, state) is not { } ie || !IriResolver.IsAbsolute(ie))
                throw Error("invalid term definition", "@index must be a property IRI");
            def.Index = index;
        }

        if (map.TryGetPropertyValue("@context", out var scoped))
        {
            if (IsProcessingMode10) throw Error("invalid term definition", "scoped contexts need JSON-LD 1.1");
            try
            {
                Process(scoped, state.BaseUrl, [.. state.RemoteContexts], true, true, false);
            }
            catch (RdfSyntaxException e)
            {
                throw new RdfSyntaxException($"invalid scoped context for {term}: {e.Reason}", "$", "invalid scoped context", e);
            }
            def.HasContext = true;
            def.Context = scoped?.DeepClone();
            def.BaseUrl = state.BaseUrl;
        }

        if (map.TryGetPropertyValue("@language", out var lang) && !map.ContainsKey("@type"))
        {
            if (lang is not null && !IsString(lang)) throw Error("invalid language mapping", "@language must be a string or null");
            def.HasLanguage = true;
            def.Language = AsString(lang)?.ToLowerInvariant();
        }

        if (map.TryGetPropertyValue("@direction", out var dir) && !map.ContainsKey("@type"))
        {
            if (dir is not null && AsString(dir) is not ("ltr" or "rtl"))
                throw Error("invalid base direction", "@direction must be \"ltr\", \"rtl\" or null");
            def.HasDirection = true;
            def.Direction = AsString(dir);
        }

        if (map.TryGetPropertyValue("@nest", out var nest))
        {
            if (IsProcessingMode10) throw Error("invalid term definition", "@nest needs JSON-LD 1.1");
            if (AsString(nest) is not { } n || (IsKeyword(n) && n != "@nest"))
                throw Error("invalid @nest value", "@nest must be a term or @nest");
            def.Nest = n;
        }

        if (map.TryGetPropertyValue("@prefix", out var prefixNode))
        {
            if (IsProcessingMode10 || term.Contains(':', StringComparison.Ordinal) || term.Contains('/', StringComparison.Ordinal))
                throw Error("invalid term definition", "@prefix is not allowed here");
            if (Kind(prefixNode) is not (JsonValueKind.True or JsonValueKind.False))
                throw Error("invalid @prefix value", "@prefix must be true or false");
            def.Prefix = prefixNode!.GetValue<bool>();
            if (def.Prefix && IsKeyword(def.IriMapping))
                throw Error("invalid term definition", "a keyword alias cannot be a prefix");
        }

        FinishDefinition(term, def, previous, map, state);
    }

    private void FinishDefinition(string term, TermDefinition def, TermDefinition? previous, JsonObject map, DefinitionState state)
    {
        foreach (var (k, _) in map)
            if (!s_termDefinitionKeys.Contains(k))
                throw Error("invalid term definition", $"{k} is not allowed in the definition of {term}");
        if (!state.OverrideProtected && previous is not null && previous.Protected)
        {
            if (!def.SameAsIgnoringProtected(previous))
                throw Error("protected term redefinition", $"{term} is protected");
            def = previous;
        }
        _terms[term] = def;
        state.Defined[term] = true;
    }

    private HashSet<string> ParseContainer(JsonNode? node)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (node is JsonArray arr)
        {
            foreach (var item in arr)
            {
                if (AsString(item) is not { } s || !s_containerKeywords.Contains(s))
                    throw Error("invalid container mapping", "unknown @container value");
                set.Add(s);
            }
        }
        else if (node is not null && AsString(node) is { } s && s_containerKeywords.Contains(s))
        {
            set.Add(s);
        }
        else if (node is not null)
        {
            throw Error("invalid container mapping", "unknown @container value");
        }
        if (set.Count != (node as JsonArray)?.Count && node is JsonArray)
            throw Error("invalid container mapping", "repeated @container value");
        // Allowed combinations (§4.2 step 19.1).
        bool ok;
        if (set.Count <= 1) ok = true;
        else if (set.Contains("@list")) ok = false;
        else if (set.Contains("@graph"))
        {
            var rest = new HashSet<string>(set);
            rest.Remove("@graph");
            rest.Remove("@set");
            ok = rest.Count == 0 || (rest.Count == 1 && (rest.Contains("@id") || rest.Contains("@index")));
        }
        else ok = set.Count == 2 && set.Contains("@set");
        if (!ok) throw Error("invalid container mapping", "this combination of @container values is not allowed");
        return set;
    }
}
