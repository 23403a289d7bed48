using System.Text.Json.Nodes;

namespace PhdResolver.Rdf.JsonLd;

/// <summary>
/// The Compaction Algorithm (JSON-LD 1.1 API §6.1) over expanded JSON-LD. IRI and value
/// compaction live in <c>Compactor.Iri.cs</c> and <c>Compactor.Value.cs</c>.
/// The input is never modified; every value put into the output is a fresh node.
/// </summary>
internal sealed partial class Compactor(JsonLdOptions options)
{
    private readonly bool _compactArrays = options.CompactArrays;
    private readonly bool _ordered = options.Ordered;
    private readonly bool _compactToRelative = options.CompactToRelative;

    public JsonNode? Compact(ActiveContext activeContext, string? activeProperty, JsonNode? element)
    {
        var typeScopedContext = activeContext;
        if (element is null or JsonValue) return element?.DeepClone();

        if (element is JsonArray array)
        {
            var items = new JsonArray();
            foreach (var item in array)
            {
                var c = Compact(activeContext, activeProperty, item);
                if (c is not null) items.Add(c);
            }
            if (items.Count != 1 || !_compactArrays || activeProperty is "@graph" or "@set") return items;
            var apd = activeContext.GetTerm(activeProperty);
            if (apd is not null && (apd.HasContainer("@list") || apd.HasContainer("@set"))) return items;
            var only = items[0];
            items.RemoveAt(0);
            return only;
        }

        var obj = (JsonObject)element;
        // The property's scoped context comes from the context the property was compacted in, even
        // when a type-scoped context is reverted here for the new node object.
        var inputDef = activeContext.GetTerm(activeProperty);
        if (activeContext.PreviousContext is { } previous && !obj.ContainsKey("@value") && !(obj.Count == 1 && obj.ContainsKey("@id")))
            activeContext = previous;

        if (inputDef is { HasContext: true })
            activeContext = activeContext.Process(inputDef.Context, inputDef.BaseUrl, overrideProtected: true);
        var apDef = activeContext.GetTerm(activeProperty) ?? inputDef;

        if (obj.ContainsKey("@value") || obj.ContainsKey("@id"))
        {
            var v = CompactValue(activeContext, activeProperty, obj);
            if (v is JsonValue || apDef?.TypeMapping == "@json") return v;
        }

        if (obj.ContainsKey("@list") && apDef is not null && apDef.HasContainer("@list"))
            return Compact(activeContext, activeProperty, obj["@list"]);

        bool insideReverse = activeProperty == "@reverse";
        var result = new JsonObject();

        if (obj["@type"] is { } typeNode)
        {
            var compactedTypes = new List<string>();
            foreach (var t in JsonLdKeywords.Items(typeNode))
                if (JsonLdKeywords.AsString(t) is { } ts) compactedTypes.Add(CompactIri(activeContext, ts) ?? ts);
            compactedTypes.Sort(StringComparer.Ordinal);
            foreach (var term in compactedTypes)
            {
                if (typeScopedContext.GetTerm(term) is { HasContext: true } td)
                    activeContext = activeContext.Process(td.Context, td.BaseUrl, propagate: false);
            }
        }

        foreach (var (expandedProperty, expandedValue) in Entries(obj))
        {
            switch (expandedProperty)
            {
                case "@id":
                {
                    JsonNode? compactedValue = JsonLdKeywords.AsString(expandedValue) is { } id
                        ? CompactIri(activeContext, id, vocab: false)
                        : expandedValue?.DeepClone();
                    result[CompactIri(activeContext, "@id")!] = compactedValue;
                    continue;
                }
                case "@type":
                {
                    JsonNode? compactedValue;
                    if (JsonLdKeywords.AsString(expandedValue) is { } single)
                    {
                        compactedValue = CompactIri(typeScopedContext, single);
                    }
                    else
                    {
                        var types = new JsonArray();
                        foreach (var t in JsonLdKeywords.Items(expandedValue))
                            types.Add(CompactIri(typeScopedContext, JsonLdKeywords.AsString(t)!));
                        compactedValue = types;
                    }
                    string alias = CompactIri(activeContext, "@type")!;
                    bool asArray = (!activeContext.IsProcessingMode10 && activeContext.GetTerm(alias) is { } ad && ad.HasContainer("@set"))
                        || !_compactArrays;
                    AddValue(result, alias, compactedValue, asArray);
                    continue;
                }
                case "@reverse":
                {
                    if (Compact(activeContext, "@reverse", expandedValue) is JsonObject compactedValue)
                    {
                        foreach (var (property, value) in compactedValue.ToList())
                        {
                            if (activeContext.GetTerm(property) is not { ReverseProperty: true } rd) continue;
                            compactedValue.Remove(property);
                            AddValue(result, property, value, rd.HasContainer("@set") || !_compactArrays);
                        }
                        if (compactedValue.Count > 0) result[CompactIri(activeContext, "@reverse")!] = compactedValue;
                    }
                    continue;
                }
                case "@preserve":
                {
                    var compactedValue = Compact(activeContext, activeProperty, expandedValue);
                    if (!(expandedValue is JsonArray { Count: 0 })) result["@preserve"] = compactedValue;
                    continue;
                }
                case "@index" when apDef is not null && apDef.HasContainer("@index"):
                    continue;
                case "@direction" or "@index" or "@language" or "@value":
                    result[CompactIri(activeContext, expandedProperty)!] = expandedValue?.DeepClone();
                    continue;
            }

            if (expandedValue is JsonArray { Count: 0 })
            {
                string itemActiveProperty = CompactIri(activeContext, expandedProperty, expandedValue, reverse: insideReverse)!;
                var nestResult = NestResult(activeContext, result, itemActiveProperty);
                AddValue(nestResult, itemActiveProperty, new JsonArray(), asArray: true);
            }

            foreach (var expandedItem in JsonLdKeywords.Items(expandedValue))
                CompactItem(activeContext, result, expandedProperty, expandedItem, insideReverse);
        }
        return result;
    }

    private void CompactItem(ActiveContext activeContext, JsonObject result, string expandedProperty, JsonNode? expandedItem, bool insideReverse)
    {
        string itemActiveProperty = CompactIri(activeContext, expandedProperty, expandedItem, reverse: insideReverse)!;
        var nestResult = NestResult(activeContext, result, itemActiveProperty);
        var def = activeContext.GetTerm(itemActiveProperty);
        var container = def?.ContainerMapping ?? (IReadOnlySet<string>)new HashSet<string>();
        bool asArray = container.Contains("@set") || itemActiveProperty is "@graph" or "@list" || !_compactArrays;

        var itemObj = expandedItem as JsonObject;
        bool isList = itemObj is not null && itemObj.ContainsKey("@list");
        bool isGraph = IsGraphObject(itemObj);
        var compactedItem = Compact(activeContext, itemActiveProperty,
            isList ? itemObj!["@list"] : isGraph ? itemObj!["@graph"] : expandedItem);

        if (isList)
        {
            if (compactedItem is not JsonArray) compactedItem = new JsonArray(compactedItem);
            if (!container.Contains("@list"))
            {
                var wrapped = new JsonObject { [CompactIri(activeContext, "@list")!] = compactedItem };
                if (itemObj!["@index"] is { } index) wrapped[CompactIri(activeContext, "@index")!] = index.DeepClone();
                AddValue(nestResult, itemActiveProperty, wrapped, asArray);
            }
            else
            {
                nestResult[itemActiveProperty] = compactedItem;
            }
            return;
        }

        if (isGraph)
        {
            bool simple = !itemObj!.ContainsKey("@id");
            if (container.Contains("@graph") && container.Contains("@id"))
            {
                var mapObject = MapObject(nestResult, itemActiveProperty);
                string mapKey = itemObj["@id"] is { } gid
                    ? CompactIri(activeContext, JsonLdKeywords.AsString(gid)!, vocab: false)!
                    : CompactIri(activeContext, "@none")!;
                AddValue(mapObject, mapKey, compactedItem, asArray);
            }
            else if (container.Contains("@graph") && container.Contains("@index") && simple)
            {
                var mapObject = MapObject(nestResult, itemActiveProperty);
                string mapKey = JsonLdKeywords.AsString(itemObj["@index"]) ?? CompactIri(activeContext, "@none")!;
                AddValue(mapObject, mapKey, compactedItem, asArray);
            }
            else if (container.Contains("@graph") && simple)
            {
                if (compactedItem is JsonArray { Count: > 1 })
                    compactedItem = new JsonObject { [CompactIri(activeContext, "@included")!] = compactedItem };
                AddValue(nestResult, itemActiveProperty, compactedItem, asArray);
            }
            else
            {
                var wrapped = new JsonObject { [CompactIri(activeContext, "@graph")!] = compactedItem };
                if (itemObj["@id"] is { } gid)
                    wrapped[CompactIri(activeContext, "@id")!] = CompactIri(activeContext, JsonLdKeywords.AsString(gid)!, vocab: false);
                if (itemObj["@index"] is { } gindex)
                    wrapped[CompactIri(activeContext, "@index")!] = gindex.DeepClone();
                AddValue(nestResult, itemActiveProperty, wrapped, asArray);
            }
            return;
        }

        if (!container.Contains("@graph") &&
            (container.Contains("@language") || container.Contains("@index") || container.Contains("@id") || container.Contains("@type")))
        {
            var mapObject = MapObject(nestResult, itemActiveProperty);
            string containerKey = CompactIri(activeContext,
                container.Contains("@language") ? "@language" : container.Contains("@index") ? "@index" : container.Contains("@id") ? "@id" : "@type")!;
            string indexKey = def?.Index ?? "@index";
            string? mapKey = null;
            if (container.Contains("@language") && itemObj is not null && itemObj.ContainsKey("@value"))
            {
                compactedItem = itemObj["@value"]?.DeepClone();
                mapKey = JsonLdKeywords.AsString(itemObj["@language"]);
            }
            else if (container.Contains("@index") && indexKey == "@index")
            {
                mapKey = JsonLdKeywords.AsString(itemObj?["@index"]);
            }
            else if (container.Contains("@index"))
            {
                // The index property as written in the term definition is what the compacted item uses when
                // that term is selectable; otherwise whatever the expanded IRI compacts to.
                if (!(compactedItem is JsonObject ci && ci.ContainsKey(indexKey)))
                    containerKey = CompactIri(activeContext, activeContext.ExpandIri(indexKey, vocab: true) ?? indexKey)!;
                else
                    containerKey = indexKey;
                mapKey = TakeFirstString(compactedItem as JsonObject, containerKey);
            }
            else if (container.Contains("@id"))
            {
                if (compactedItem is JsonObject co && co[containerKey] is { } idNode)
                {
                    mapKey = JsonLdKeywords.AsString(idNode);
                    co.Remove(containerKey);
                }
            }
            else
            {
                var co = compactedItem as JsonObject;
                mapKey = TakeFirstString(co, containerKey);
                if (co is not null && co.Count == 1 && activeContext.ExpandIri(co.First().Key, vocab: true) == "@id")
                    compactedItem = Compact(activeContext, itemActiveProperty, new JsonObject { ["@id"] = itemObj!["@id"]?.DeepClone() });
            }
            mapKey ??= CompactIri(activeContext, "@none")!;
            AddValue(mapObject, mapKey, compactedItem, asArray);
            return;
        }

        AddValue(nestResult, itemActiveProperty, compactedItem, asArray);
    }

    /// <summary>
    /// Removes the first string value of <paramref name="key"/> from <paramref name="obj"/> and returns it
    /// (the map key of a property-valued index or type map); a non-string first value stays and maps to @none.
    /// </summary>
    private static string? TakeFirstString(JsonObject? obj, string key)
    {
        if (obj is null || !obj.TryGetPropertyValue(key, out var v)) return null;
        if (v is JsonArray arr)
        {
            if (arr.Count == 0 || JsonLdKeywords.AsString(arr[0]) is not { } first) return null;
            arr.RemoveAt(0);
            if (arr.Count == 0) obj.Remove(key);
            else if (arr.Count == 1)
            {
                var rest = arr[0];
                arr.RemoveAt(0);
                obj[key] = rest;
            }
            return first;
        }
        if (JsonLdKeywords.AsString(v) is not { } s) return null;
        obj.Remove(key);
        return s;
    }

    private JsonObject NestResult(ActiveContext activeContext, JsonObject result, string itemActiveProperty)
    {
        if (activeContext.GetTerm(itemActiveProperty)?.Nest is not { } nestTerm) return result;
        if (nestTerm != "@nest" && activeContext.ExpandIri(nestTerm, vocab: true) != "@nest")
            throw new RdfSyntaxException($"@nest value '{nestTerm}' of term '{itemActiveProperty}' is not @nest or an alias of it", "$", "invalid @nest value");
        if (result[nestTerm] is not JsonObject nested)
        {
            nested = new JsonObject();
            result[nestTerm] = nested;
        }
        return nested;
    }

    private static JsonObject MapObject(JsonObject nestResult, string key)
    {
        if (nestResult[key] is JsonObject map) return map;
        map = new JsonObject();
        nestResult[key] = map;
        return map;
    }

    internal static bool IsGraphObject(JsonObject? o)
    {
        if (o is null || !o.ContainsKey("@graph")) return false;
        foreach (var (k, _) in o)
            if (k is not ("@graph" or "@id" or "@index" or "@context")) return false;
        return true;
    }

    private IEnumerable<KeyValuePair<string, JsonNode?>> Entries(JsonObject obj)
    {
        var list = obj.ToList();
        if (_ordered) list.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return list;
    }

    /// <summary>The spec's "add value": values are cloned if they already have a parent.</summary>
    internal static void AddValue(JsonObject obj, string key, JsonNode? value, bool asArray)
    {
        if (asArray && obj[key] is not JsonArray)
        {
            var arr = new JsonArray();
            if (obj.TryGetPropertyValue(key, out var original))
            {
                obj.Remove(key);
                arr.Add(original);
            }
            obj[key] = arr;
        }
        if (value is JsonArray values)
        {
            var items = values.ToList();
            values.Clear();
            foreach (var v in items) AddValue(obj, key, v, asArray);
            return;
        }
        value = JsonLdKeywords.Own(value);
        if (!obj.TryGetPropertyValue(key, out var existing))
        {
            obj[key] = value;
            return;
        }
        if (existing is not JsonArray existingArray)
        {
            obj.Remove(key);
            existingArray = new JsonArray(existing);
            obj[key] = existingArray;
        }
        existingArray.Add(value);
    }
}
