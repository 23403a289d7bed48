using System.Globalization;
using System.Text.Json.Nodes;
using static PhdResolver.Rdf.JsonLd.JsonLdKeywords;

namespace PhdResolver.Rdf.JsonLd;

/// <summary>
/// Node Map Generation (JSON-LD 1.1 API §7.2): flattens expanded JSON-LD into
/// { graph name: { subject: node object } }. Blank node identifiers are relabelled _:b0, _:b1, ...
/// (§7.3), so labels from the document never clash with generated ones.
/// </summary>
internal sealed class NodeMapGenerator
{
    private readonly Dictionary<string, string> _labels = new(StringComparer.Ordinal);
    private int _counter;

    public JsonObject NodeMap { get; } = new() { ["@default"] = new JsonObject() };

    public static JsonObject Generate(JsonArray expanded)
    {
        var generator = new NodeMapGenerator();
        generator.Add(expanded, "@default", null, null, null);
        return generator.NodeMap;
    }

    /// <summary>Generate Blank Node Identifier (§7.3): the same label always maps to the same new identifier.</summary>
    public string BlankNodeId(string? label)
    {
        if (label is not null && _labels.TryGetValue(label, out var id)) return id;
        id = "_:b" + _counter.ToString(CultureInfo.InvariantCulture);
        _counter++;
        if (label is not null) _labels[label] = id;
        return id;
    }

    /// <param name="activeSubject">A subject identifier, or (for reverse properties) a node reference object.</param>
    public void Add(JsonNode? element, string activeGraph, JsonNode? activeSubject, string? activeProperty, JsonArray? list)
    {
        if (element is JsonArray array)
        {
            foreach (var item in array) Add(item, activeGraph, activeSubject, activeProperty, list);
            return;
        }
        if (element is not JsonObject obj) return;

        if (NodeMap[activeGraph] is not JsonObject graph)
        {
            graph = new JsonObject();
            NodeMap[activeGraph] = graph;
        }
        JsonObject? subjectNode = AsString(activeSubject) is { } subjectId ? graph[subjectId] as JsonObject : null;

        if (obj.TryGetPropertyValue("@type", out var types) && types is JsonArray typeArray)
        {
            for (int i = 0; i < typeArray.Count; i++)
                if (AsString(typeArray[i]) is { } t && IsBlankNodeId(t)) typeArray[i] = BlankNodeId(t);
        }

        if (obj.ContainsKey("@value"))
        {
            if (list is null)
            {
                if (subjectNode is not null) AddUnique(subjectNode, activeProperty!, obj);
            }
            else
            {
                list.Add(Own(obj));
            }
            return;
        }

        if (obj.TryGetPropertyValue("@list", out var listItems))
        {
            var result = new JsonArray();
            Add(listItems, activeGraph, activeSubject, activeProperty, result);
            var listObject = new JsonObject { ["@list"] = result };
            if (list is null)
            {
                if (subjectNode is not null) AddValue(subjectNode, activeProperty!, listObject);
            }
            else
            {
                list.Add(listObject);
            }
            return;
        }

        // A node object.
        string id;
        if (obj.TryGetPropertyValue("@id", out var idNode))
        {
            // An @id that expanded to null (e.g. "@ignoreMe") identifies nothing: drop the node.
            if (idNode is null) return;
            id = AsString(idNode) ?? BlankNodeId(null);
            if (IsBlankNodeId(id)) id = BlankNodeId(id);
        }
        else
        {
            id = BlankNodeId(null);
        }

        if (graph[id] is not JsonObject node)
        {
            node = new JsonObject { ["@id"] = id };
            graph[id] = node;
        }

        if (activeSubject is JsonObject reverseSubject)
        {
            AddUnique(node, activeProperty!, reverseSubject);
        }
        else if (activeProperty is not null)
        {
            var reference = new JsonObject { ["@id"] = id };
            if (list is null)
            {
                if (subjectNode is not null) AddUnique(subjectNode, activeProperty, reference);
            }
            else
            {
                list.Add(reference);
            }
        }

        if (obj["@type"] is JsonArray nodeTypes)
        {
            foreach (var t in nodeTypes) AddUnique(node, "@type", t);
        }

        if (obj.TryGetPropertyValue("@index", out var index))
        {
            if (node.TryGetPropertyValue("@index", out var existing) && !JsonNode.DeepEquals(existing, index))
                throw Error("conflicting indexes", $"{id} has two different @index values");
            node["@index"] = Own(index);
        }

        if (obj["@reverse"] is JsonObject reverseMap)
        {
            var referenced = new JsonObject { ["@id"] = id };
            foreach (var (property, values) in reverseMap)
                foreach (var value in Items(values))
                    Add(value, activeGraph, referenced, property, null);
        }

        if (obj.TryGetPropertyValue("@graph", out var graphValue))
            Add(graphValue, id, null, null, null);

        if (obj.TryGetPropertyValue("@included", out var included))
            Add(included, activeGraph, null, null, null);

        foreach (var (key, value) in obj)
        {
            if (key is "@id" or "@type" or "@index" or "@reverse" or "@graph" or "@included") continue;
            if (IsKeyword(key)) continue;
            string property = IsBlankNodeId(key) ? BlankNodeId(key) : key;
            if (!node.ContainsKey(property)) node[property] = new JsonArray();
            Add(value, activeGraph, JsonValue.Create(id), property, null);
        }
    }

    private static void AddUnique(JsonObject node, string property, JsonNode? value)
    {
        if (node[property] is JsonArray existing)
        {
            foreach (var e in existing)
                if (JsonNode.DeepEquals(e, value)) return;
        }
        AddValue(node, property, value);
    }
}
