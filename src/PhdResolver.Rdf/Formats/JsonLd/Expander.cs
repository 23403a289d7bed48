using System.Text.Json;
using System.Text.Json.Nodes;
using static PhdResolver.Rdf.JsonLd.JsonLdKeywords;

namespace PhdResolver.Rdf.JsonLd;

/// <summary>
/// The Expansion algorithm (JSON-LD 1.1 API §5.1) and Value Expansion (§5.2). Output nodes are
/// always fresh (input values are cloned), so the result can be mutated freely by later steps.
/// </summary>
internal static class Expander
{
    public static JsonNode? Expand(ActiveContext activeContext, string? activeProperty, JsonNode? element, string? baseUrl,
        bool fromMap = false)
    {
        if (element is null) return null;
        var propertyDef = activeContext.GetTerm(activeProperty);

        if (element is JsonValue)
        {
            if (activeProperty is null or "@graph") return null;
            if (propertyDef is { HasContext: true })
                activeContext = activeContext.Process(propertyDef.Context, propertyDef.BaseUrl);
            return ExpandValue(activeContext, activeProperty, element);
        }

        if (element is JsonArray array)
        {
            var result = new JsonArray();
            bool isList = propertyDef is not null && propertyDef.HasContainer("@list");
            for (int index = 0; index < array.Count; index++)
            {
                JsonNode? expanded;
                try
                {
                    expanded = Expand(activeContext, activeProperty, array[index], baseUrl, fromMap);
                }
                catch (RdfSyntaxException e) when (e.JsonPath is ['$', ..])
                {
                    throw At(e, "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]");
                }
                if (isList && expanded is JsonArray)
                    expanded = new JsonObject { ["@list"] = expanded };
                if (expanded is JsonArray ea)
                {
                    foreach (var e in Detach(ea)) result.Add(e);
                }
                else if (expanded is not null)
                {
                    result.Add(expanded);
                }
            }
            return result;
        }

        var obj = (JsonObject)element;

        // Revert a non-propagated (type-scoped) context, unless this is a value object or a bare reference.
        if (activeContext.PreviousContext is not null && !fromMap)
        {
            bool keep = false;
            bool onlyId = obj.Count == 1;
            foreach (var (key, _) in obj)
            {
                var ek = activeContext.ExpandIri(key, false, true);
                if (ek == "@value") keep = true;
                if (ek != "@id") onlyId = false;
            }
            if (!keep && !onlyId) activeContext = activeContext.PreviousContext;
        }

        if (propertyDef is { HasContext: true })
            activeContext = activeContext.Process(propertyDef.Context, propertyDef.BaseUrl, overrideProtected: true);

        if (obj.TryGetPropertyValue("@context", out var localContext))
        {
            try
            {
                activeContext = activeContext.Process(localContext, baseUrl);
            }
            catch (RdfSyntaxException e) when (e.JsonPath is ['$', ..])
            {
                throw At(e, Member("@context"));
            }
        }

        var typeScopedContext = activeContext;
        string? inputType = null;
        bool firstType = true;
        foreach (var key in SortedKeys(obj))
        {
            if (activeContext.ExpandIri(key, false, true) != "@type") continue;
            var types = new List<string>();
            foreach (var t in Items(obj[key]))
                if (AsString(t) is { } ts) types.Add(ts);
            if (firstType && types.Count > 0)
                inputType = typeScopedContext.ExpandIri(types[^1], false, true);
            firstType = false;
            types.Sort(StringComparer.Ordinal);
            foreach (var term in types)
            {
                var td = typeScopedContext.GetTerm(term);
                if (td is { HasContext: true })
                    activeContext = activeContext.Process(td.Context, td.BaseUrl, propagate: false);
            }
        }

        var resultObj = new JsonObject();
        var nests = new List<string>();
        ExpandEntries(activeContext, typeScopedContext, activeProperty, obj, baseUrl, resultObj, nests, inputType);
        // Nested properties (§5.1 step 14), recursively.
        foreach (var nestKey in nests)
            ExpandNested(activeContext, typeScopedContext, activeProperty, obj, nestKey, baseUrl, resultObj, inputType);

        return FinishObject(resultObj, activeProperty);
    }

    private static void ExpandNested(ActiveContext activeContext, ActiveContext typeScopedContext, string? activeProperty,
        JsonObject container, string nestKey, string? baseUrl, JsonObject resultObj, string? inputType)
    {
        // §5.1 step 14.2.2: steps 3 and 8 again with the nesting key as active property.
        _ = activeProperty;
        activeProperty = nestKey;
        if (activeContext.GetTerm(nestKey) is { HasContext: true } nestDef)
            activeContext = activeContext.Process(nestDef.Context, nestDef.BaseUrl, overrideProtected: true);
        foreach (var nested in Items(container[nestKey]))
        {
            if (nested is not JsonObject nestedObj)
                throw Error("invalid @nest value", "@nest values must be objects");
            foreach (var (k, _) in nestedObj)
                if (activeContext.ExpandIri(k, false, true) == "@value")
                    throw Error("invalid @nest value", "@nest values cannot be value objects");
            var innerNests = new List<string>();
            ExpandEntries(activeContext, typeScopedContext, activeProperty, nestedObj, baseUrl, resultObj, innerNests, inputType);
            foreach (var n in innerNests) ExpandNested(activeContext, typeScopedContext, activeProperty, nestedObj, n, baseUrl, resultObj, inputType);
        }
    }

    private static JsonNode? FinishObject(JsonObject result, string? activeProperty)
    {
        if (result.TryGetPropertyValue("@value", out var value))
        {
            foreach (var (k, _) in result)
                if (k is not ("@direction" or "@index" or "@language" or "@type" or "@value"))
                    throw Error("invalid value object", $"{k} is not allowed in a value object");
            if (result.ContainsKey("@type") && (result.ContainsKey("@language") || result.ContainsKey("@direction")))
                throw Error("invalid value object", "a value object cannot have both @type and @language/@direction");
            var type = result["@type"];
            if (AsString(type) == "@json")
            {
                // Any JSON value is allowed.
            }
            else if (value is null)
            {
                return null;
            }
            else if (!IsString(value) && result.ContainsKey("@language"))
            {
                throw Error("invalid language-tagged value", "a language-tagged value must be a string");
            }
            else if (type is not null && (AsString(type) is not { } ts || !IriResolver.IsAbsolute(ts) || IsBlankNodeId(ts) ||
                                          ts.Any(char.IsWhiteSpace)))
            {
                throw Error("invalid typed value", "the @type of a value must be an IRI");
            }
        }
        else if (result.TryGetPropertyValue("@type", out var type) && type is not JsonArray)
        {
            result["@type"] = new JsonArray(Own(type));
        }
        else if (result.ContainsKey("@set") || result.ContainsKey("@list"))
        {
            if (result.Count > 2 || (result.Count == 2 && !result.ContainsKey("@index")))
                throw Error("invalid set or list object", "@set and @list objects may only have an @index besides");
            if (result.TryGetPropertyValue("@set", out var set))
            {
                result.Remove("@set");
                return set;
            }
        }

        if (result.Count == 1 && result.ContainsKey("@language")) return null;

        if (activeProperty is null or "@graph")
        {
            if (result.Count == 0 || result.ContainsKey("@value") || result.ContainsKey("@list")) return null;
            if (result.Count == 1 && result.ContainsKey("@id")) return null;
        }
        return result;
    }

    /// <summary>§5.1 step 13 for the entries of one object (or of one @nest object) into <paramref name="result"/>.</summary>
    private static void ExpandEntries(ActiveContext activeContext, ActiveContext typeScopedContext, string? activeProperty,
        JsonObject element, string? baseUrl, JsonObject result, List<string> nests, string? inputType)
    {
        bool mode10 = activeContext.IsProcessingMode10;
        string? currentKey = null;
        try
        {
            foreach (var key in SortedKeys(element))
            {
                currentKey = key;
                var value = element[key];
                if (key == "@context") continue;
                var expandedProperty = activeContext.ExpandIri(key, false, true);
                if (expandedProperty is null || (!IsKeyword(expandedProperty) && !expandedProperty.Contains(':', StringComparison.Ordinal)))
                    continue;

                if (IsKeyword(expandedProperty))
                {
                    if (activeProperty == "@reverse")
                        throw Error("invalid reverse property map", "keywords cannot be used in a @reverse map");
                    if (result.ContainsKey(expandedProperty) && (mode10 || expandedProperty is not ("@included" or "@type")))
                        throw Error("colliding keywords", $"{expandedProperty} occurs more than once");

                    JsonNode? expandedValue;
                    switch (expandedProperty)
                    {
                        case "@id":
                            if (AsString(value) is not { } id) throw Error("invalid @id value", "@id must be a string");
                            expandedValue = JsonValue.Create(activeContext.ExpandIri(id, true, false));
                            break;

                        case "@type":
                        {
                            var types = new JsonArray();
                            if (value is JsonArray ta)
                            {
                                foreach (var t in ta)
                                {
                                    if (AsString(t) is not { } ts) throw Error("invalid type value", "@type must be a string or array of strings");
                                    types.Add(typeScopedContext.ExpandIri(ts, true, true));
                                }
                            }
                            else if (AsString(value) is { } single)
                            {
                                types.Add(typeScopedContext.ExpandIri(single, true, true));
                            }
                            else
                            {
                                throw Error("invalid type value", "@type must be a string or array of strings");
                            }
                            if (result.TryGetPropertyValue("@type", out var existing))
                            {
                                var merged = AsArray(Own(existing));
                                foreach (var t in Detach(types)) merged.Add(t);
                                result.Remove("@type");
                                expandedValue = merged;
                            }
                            else
                            {
                                expandedValue = value is JsonArray ? types : Copy(types[0]);
                            }
                            break;
                        }

                        case "@graph":
                            expandedValue = AsArray(Expand(activeContext, "@graph", value, baseUrl));
                            break;

                        case "@included":
                        {
                            if (mode10) continue;
                            foreach (var raw in Items(value))
                            {
                                bool bad = raw is not JsonObject;
                                if (raw is JsonObject ro)
                                    foreach (var (rk, _) in ro)
                                        if (activeContext.ExpandIri(rk, false, true) is "@value" or "@list" or "@set") bad = true;
                                if (bad) throw Error("invalid @included value", "@included values must be node objects");
                            }
                            var included = AsArray(Expand(activeContext, null, value, baseUrl));
                            foreach (var item in included)
                                if (item is not JsonObject io || io.ContainsKey("@value") || io.ContainsKey("@list") || io.ContainsKey("@set"))
                                    throw Error("invalid @included value", "@included values must be node objects");
                            if (result.TryGetPropertyValue("@included", out var prior) && prior is JsonArray pa)
                            {
                                result.Remove("@included");
                                foreach (var item in Detach(included)) pa.Add(item);
                                included = pa;
                            }
                            expandedValue = included;
                            break;
                        }

                        case "@value":
                            if (inputType == "@json")
                            {
                                if (mode10) throw Error("invalid value object value", "@json needs JSON-LD 1.1");
                                expandedValue = Copy(value);
                                if (value is null)
                                {
                                    result["@value"] = null;
                                    continue;
                                }
                            }
                            else if (value is not null && value is not JsonValue)
                            {
                                throw Error("invalid value object value", "@value must be a scalar or null");
                            }
                            else
                            {
                                expandedValue = Copy(value);
                                if (expandedValue is null)
                                {
                                    result["@value"] = null;
                                    continue;
                                }
                            }
                            break;

                        case "@language":
                            if (AsString(value) is not { } language)
                                throw Error("invalid language-tagged string", "@language must be a string");
                            expandedValue = JsonValue.Create(language.ToLowerInvariant());
                            break;

                        case "@direction":
                            if (mode10) continue;
                            if (AsString(value) is not ("ltr" or "rtl"))
                                throw Error("invalid base direction", "@direction must be \"ltr\" or \"rtl\"");
                            expandedValue = Copy(value);
                            break;

                        case "@index":
                            if (!IsString(value)) throw Error("invalid @index value", "@index must be a string");
                            expandedValue = Copy(value);
                            break;

                        case "@list":
                            if (activeProperty is null or "@graph") continue;
                            expandedValue = AsArray(Expand(activeContext, activeProperty, value, baseUrl));
                            break;

                        case "@set":
                            expandedValue = Expand(activeContext, activeProperty, value, baseUrl);
                            break;

                        case "@reverse":
                        {
                            if (value is not JsonObject) throw Error("invalid @reverse value", "@reverse must be an object");
                            var rev = Expand(activeContext, "@reverse", value, baseUrl) as JsonObject;
                            if (rev is null) continue;
                            if (rev.TryGetPropertyValue("@reverse", out var doubleReverse) && doubleReverse is JsonObject dr)
                            {
                                foreach (var (p, items) in dr)
                                    AddValue(result, p, items);
                            }
                            JsonObject? reverseMap = null;
                            foreach (var (p, items) in rev)
                            {
                                if (p == "@reverse") continue;
                                if (reverseMap is null)
                                {
                                    if (result["@reverse"] is not JsonObject rm)
                                    {
                                        rm = new JsonObject();
                                        result["@reverse"] = rm;
                                    }
                                    reverseMap = rm;
                                }
                                foreach (var item in Items(items))
                                {
                                    if (item is JsonObject io && (io.ContainsKey("@value") || io.ContainsKey("@list")))
                                        throw Error("invalid reverse property value", "reverse properties cannot have values or lists");
                                    AddValue(reverseMap, p, item);
                                }
                            }
                            continue;
                        }

                        case "@nest":
                            nests.Add(key);
                            continue;

                        case "@explicit" or "@default" or "@embed" or "@omitDefault" or "@requireAll":
                            // Framing keywords: only meaningful with frame expansion, which we do not do.
                            continue;

                        default:
                            continue;
                    }

                    if (expandedValue is null && expandedProperty == "@value" && inputType != "@json") continue;
                    result[expandedProperty] = Own(expandedValue);
                    continue;
                }

                var termDef = activeContext.GetTerm(key);
                JsonNode? ev;
                if (termDef?.TypeMapping == "@json")
                {
                    ev = new JsonObject { ["@value"] = Copy(value), ["@type"] = "@json" };
                }
                else if (termDef is not null && termDef.HasContainer("@language") && value is JsonObject langMap)
                {
                    var list = new JsonArray();
                    string? direction = termDef.HasDirection ? termDef.Direction : activeContext.DefaultBaseDirection;
                    foreach (var language in SortedKeys(langMap))
                    {
                        foreach (var item in Items(langMap[language]))
                        {
                            if (item is null) continue;
                            if (!IsString(item)) throw Error("invalid language map value", "language map values must be strings");
                            var v = new JsonObject { ["@value"] = Copy(item) };
                            if (activeContext.ExpandIri(language, false, true) != "@none")
                                v["@language"] = language.ToLowerInvariant();
                            if (direction is not null) v["@direction"] = direction;
                            list.Add(v);
                        }
                    }
                    ev = list;
                }
                else if (termDef is not null && (termDef.HasContainer("@index") || termDef.HasContainer("@type") || termDef.HasContainer("@id"))
                         && value is JsonObject indexMap)
                {
                    ev = ExpandIndexMap(activeContext, key, termDef, indexMap, baseUrl);
                }
                else
                {
                    ev = Expand(activeContext, key, value, baseUrl);
                }

                if (ev is null) continue;

                if (termDef is not null && termDef.HasContainer("@list") && !(ev is JsonObject lo && lo.ContainsKey("@list")))
                    ev = new JsonObject { ["@list"] = AsArray(ev) };

                if (termDef is not null && termDef.HasContainer("@graph") && !termDef.HasContainer("@id") && !termDef.HasContainer("@index"))
                {
                    var graphs = new JsonArray();
                    foreach (var g in Detach(AsArray(ev)))
                        graphs.Add(new JsonObject { ["@graph"] = AsArray(Own(g)) });
                    ev = graphs;
                }

                if (termDef is { ReverseProperty: true })
                {
                    if (result["@reverse"] is not JsonObject reverseMap)
                    {
                        reverseMap = new JsonObject();
                        result["@reverse"] = reverseMap;
                    }
                    foreach (var item in Detach(AsArray(ev)))
                    {
                        if (item is JsonObject io && (io.ContainsKey("@value") || io.ContainsKey("@list")))
                            throw Error("invalid reverse property value", "reverse properties cannot have values or lists");
                        AddValue(reverseMap, expandedProperty, item);
                    }
                }
                else
                {
                    AddValue(result, expandedProperty, ev);
                }
            }
        }
        catch (RdfSyntaxException e) when (currentKey is not null && e.JsonPath is ['$', ..])
        {
            throw At(e, Member(currentKey));
        }
    }

    /// <summary>§5.1 step 13.8: @index, @id and @type maps.</summary>
    private static JsonArray ExpandIndexMap(ActiveContext activeContext, string key, TermDefinition termDef, JsonObject map, string? baseUrl)
    {
        var result = new JsonArray();
        string indexKey = termDef.Index ?? "@index";
        bool idOrType = termDef.HasContainer("@id") || termDef.HasContainer("@type");
        foreach (var index in SortedKeys(map))
        {
            var mapContext = idOrType ? activeContext.PreviousContext ?? activeContext : activeContext;
            if (termDef.HasContainer("@type") && mapContext.GetTerm(index) is { HasContext: true } itd)
                mapContext = mapContext.Process(itd.Context, itd.BaseUrl);
            var expandedIndex = activeContext.ExpandIri(index, false, true);
            var indexValue = Expand(mapContext, key, AsArray(Copy(map[index])), baseUrl, fromMap: true);
            foreach (var it in Detach(AsArray(indexValue)))
            {
                JsonNode? item = Own(it);
                if (termDef.HasContainer("@graph") && !(item is JsonObject go && go.ContainsKey("@graph")))
                    item = new JsonObject { ["@graph"] = AsArray(item) };
                var itemObj = item as JsonObject;
                if (termDef.HasContainer("@index") && indexKey != "@index" && expandedIndex != "@none" && itemObj is not null)
                {
                    var reExpanded = ExpandValue(activeContext, indexKey, JsonValue.Create(index));
                    var expandedIndexKey = activeContext.ExpandIri(indexKey, false, true)!;
                    var values = new JsonArray(reExpanded);
                    if (itemObj.TryGetPropertyValue(expandedIndexKey, out var existing))
                    {
                        itemObj.Remove(expandedIndexKey);
                        foreach (var e in Detach(AsArray(Own(existing)))) values.Add(e);
                    }
                    itemObj[expandedIndexKey] = values;
                    if (itemObj.ContainsKey("@value"))
                        throw Error("invalid value object", "a property-valued index cannot apply to a value object");
                }
                else if (termDef.HasContainer("@index") && itemObj is not null && !itemObj.ContainsKey("@index") && expandedIndex != "@none")
                {
                    itemObj["@index"] = index;
                }
                else if (termDef.HasContainer("@id") && itemObj is not null && !itemObj.ContainsKey("@id") && expandedIndex != "@none")
                {
                    itemObj["@id"] = activeContext.ExpandIri(index, true, false);
                }
                else if (termDef.HasContainer("@type") && itemObj is not null && expandedIndex != "@none")
                {
                    var types = new JsonArray(JsonValue.Create(expandedIndex));
                    if (itemObj.TryGetPropertyValue("@type", out var existing))
                    {
                        itemObj.Remove("@type");
                        foreach (var e in Detach(AsArray(Own(existing)))) types.Add(e);
                    }
                    itemObj["@type"] = types;
                }
                result.Add(item);
            }
        }
        return result;
    }

    /// <summary>Value Expansion (§5.2).</summary>
    public static JsonObject ExpandValue(ActiveContext activeContext, string? activeProperty, JsonNode value)
    {
        var def = activeContext.GetTerm(activeProperty);
        var type = def?.TypeMapping;
        if (type == "@id" && AsString(value) is { } s1)
            return new JsonObject { ["@id"] = activeContext.ExpandIri(s1, true, false) };
        if (type == "@vocab" && AsString(value) is { } s2)
            return new JsonObject { ["@id"] = activeContext.ExpandIri(s2, true, true) };
        var result = new JsonObject { ["@value"] = Copy(value) };
        if (type is not null and not ("@id" or "@vocab" or "@none"))
        {
            result["@type"] = type;
        }
        else if (value.GetValueKind() == JsonValueKind.String)
        {
            string? language = def is { HasLanguage: true } ? def.Language : activeContext.DefaultLanguage;
            string? direction = def is { HasDirection: true } ? def.Direction : activeContext.DefaultBaseDirection;
            if (language is not null) result["@language"] = language;
            if (direction is not null) result["@direction"] = direction;
        }
        return result;
    }

    /// <summary>The error, relocated under one more path segment (paths are built innermost first as errors propagate).</summary>
    private static RdfSyntaxException At(RdfSyntaxException e, string segment) =>
        new(e.Reason, "$" + segment + e.JsonPath![1..], e.ErrorCode, e.InnerException);

    private static string Member(string key) => "[" + Quote(key) + "]";

    private static List<string> SortedKeys(JsonObject obj)
    {
        var keys = new List<string>(obj.Count);
        foreach (var (k, _) in obj) keys.Add(k);
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }
}
