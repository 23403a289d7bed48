using System.Text.Json.Nodes;

namespace PhdResolver.Rdf.JsonLd;

/// <summary>
/// Serialize RDF as JSON-LD (JSON-LD 1.1 API §8.4): builds a node map per graph, folds
/// well-formed rdf:first/rest chains into @list, and emits expanded JSON-LD.
/// </summary>
internal sealed class FromRdfSerializer
{
    // Each folded list costs two JSON levels (the @list object and its array); the levels around
    // them (result array, graph, node, property array, compaction's wrappers) take at most a few
    // dozen more, so the output stays within RdfLimits.MaxJsonNesting and reads back in.
    private const int MaxListNesting = RdfLimits.MaxJsonNesting / 2 - 24;

    private const string RdfFirst = Vocab.Rdf.Namespace + "first";
    private const string RdfRest = Vocab.Rdf.Namespace + "rest";
    private const string RdfNil = Vocab.Rdf.Namespace + "nil";
    private const string RdfList = Vocab.Rdf.Namespace + "List";
    private const string RdfType = Vocab.Rdf.Namespace + "type";
    private const string RdfValue = Vocab.Rdf.Namespace + "value";
    private const string RdfLanguage = Vocab.Rdf.Namespace + "language";
    private const string RdfDirection = Vocab.Rdf.Namespace + "direction";

    /// <summary>Where a node is referenced from: the referencing node, the property and the value object.</summary>
    private sealed record Usage(JsonObject Node, string Property, JsonObject Value);

    private readonly JsonLdOptions _options;
    private readonly bool _json10;

    // Graph name ("@default" or the name's id) to node map (subject id to node object), in first-seen order.
    private readonly OrderedDictionary<string, OrderedDictionary<string, JsonObject>> _graphMap = new(StringComparer.Ordinal);

    // Blank node id to its single usage, or null once it is referenced more than once (the spec's "false").
    private readonly Dictionary<string, Usage?> _referencedOnce = new(StringComparer.Ordinal);

    // Per graph: usages of rdf:nil (the ends of candidate lists).
    private readonly Dictionary<string, List<Usage>> _nilUsages = new(StringComparer.Ordinal);

    // Per graph: subjects with an rdf:direction (compound-literal mode only).
    private readonly Dictionary<string, HashSet<string>> _compoundSubjects = new(StringComparer.Ordinal);

    public FromRdfSerializer(JsonLdOptions options)
    {
        _options = options;
        _json10 = options.ProcessingMode == "json-ld-1.0";
        _graphMap["@default"] = new OrderedDictionary<string, JsonObject>(StringComparer.Ordinal);
    }

    public JsonArray Serialize(IEnumerable<Quad> dataset)
    {
        // An RDF dataset is a set: duplicate statements in the input must not count as a second reference.
        var seen = new HashSet<Quad>();
        foreach (var q in dataset)
            if (seen.Add(q)) Add(q);
        foreach (var (name, graph) in _graphMap)
        {
            if (_compoundSubjects.TryGetValue(name, out var cls)) FoldCompoundLiterals(graph, cls);
            if (_nilUsages.TryGetValue(name, out var usages)) FoldLists(graph, usages);
        }
        return BuildResult();
    }

    private void Add(in Quad q)
    {
        string name = q.Graph is null ? "@default" : FromRdfObject.Id(q.Graph);
        if (!_graphMap.TryGetValue(name, out var nodeMap))
        {
            nodeMap = new OrderedDictionary<string, JsonObject>(StringComparer.Ordinal);
            _graphMap[name] = nodeMap;
        }
        if (q.Graph is not null)
        {
            var defaultGraph = _graphMap["@default"];
            if (!defaultGraph.ContainsKey(name)) defaultGraph[name] = new JsonObject { ["@id"] = name };
        }

        string subject = FromRdfObject.Id(q.Subject);
        string predicate = FromRdfObject.Id(q.Predicate);
        var node = GetOrCreate(nodeMap, subject);

        if (_options.RdfDirection == "compound-literal" && predicate == RdfDirection)
        {
            if (!_compoundSubjects.TryGetValue(name, out var set)) _compoundSubjects[name] = set = new HashSet<string>(StringComparer.Ordinal);
            set.Add(subject);
        }

        string? objectId = q.Object is Literal ? null : FromRdfObject.Id(q.Object);
        if (objectId is not null) GetOrCreate(nodeMap, objectId);

        if (predicate == RdfType && !_options.UseRdfType && objectId is not null)
        {
            if (node["@type"] is not JsonArray types) node["@type"] = types = new JsonArray();
            if (!ContainsString(types, objectId)) types.Add(objectId);
            return;
        }

        var value = FromRdfObject.Convert(q.Object, _options.RdfDirection, _options.UseNativeTypes, _json10, _options.KeepInvalidJsonLiterals);
        if (node[predicate] is not JsonArray values) node[predicate] = values = new JsonArray();
        var existing = FindEquivalent(values, value);
        if (existing is null) values.Add(value);
        else value = existing;

        if (objectId == RdfNil)
        {
            if (!_nilUsages.TryGetValue(name, out var list)) _nilUsages[name] = list = [];
            list.Add(new Usage(node, predicate, value));
        }
        else if (objectId is not null && _referencedOnce.ContainsKey(objectId))
        {
            _referencedOnce[objectId] = null;
        }
        else if (objectId is not null && q.Object is BlankNode)
        {
            _referencedOnce[objectId] = new Usage(node, predicate, value);
        }
    }

    private static JsonObject GetOrCreate(OrderedDictionary<string, JsonObject> nodeMap, string id)
    {
        if (!nodeMap.TryGetValue(id, out var node))
        {
            node = new JsonObject { ["@id"] = id };
            nodeMap[id] = node;
        }
        return node;
    }

    private static bool ContainsString(JsonArray array, string s)
    {
        foreach (var item in array)
            if (item is JsonValue v && v.TryGetValue<string>(out var t) && t == s) return true;
        return false;
    }

    private static JsonObject? FindEquivalent(JsonArray values, JsonObject value)
    {
        foreach (var item in values)
            if (item is JsonObject o && JsonNode.DeepEquals(o, value)) return o;
        return null;
    }

    /// <summary>Turns blank nodes with rdf:value/rdf:language/rdf:direction back into value objects.</summary>
    private void FoldCompoundLiterals(OrderedDictionary<string, JsonObject> graph, HashSet<string> subjects)
    {
        foreach (var cl in subjects)
        {
            if (!_referencedOnce.TryGetValue(cl, out var usage) || usage is null) continue;
            if (!graph.Remove(cl, out var clNode)) continue;
            if (usage.Node[usage.Property] is not JsonArray refs) continue;
            foreach (var item in refs)
            {
                if (item is not JsonObject clRef || (string?)clRef["@id"] != cl) continue;
                clRef.Remove("@id");
                clRef["@value"] = FirstValue(clNode, RdfValue)?.DeepClone();
                if (FirstValue(clNode, RdfLanguage) is JsonNode lang)
                {
                    string? tag = lang.GetValueKind() == System.Text.Json.JsonValueKind.String ? lang.GetValue<string>() : null;
                    if (tag is null || !IsWellFormedLanguageTag(tag))
                        throw new RdfSyntaxException($"compound literal language '{lang}' is not a well-formed language tag", "$", "invalid language-tagged string");
                    clRef["@language"] = tag;
                }
                if (FirstValue(clNode, RdfDirection) is JsonNode dir)
                {
                    string? d = dir.GetValueKind() == System.Text.Json.JsonValueKind.String ? dir.GetValue<string>() : null;
                    if (d is not ("ltr" or "rtl"))
                        throw new RdfSyntaxException($"compound literal direction '{dir}' is not ltr or rtl", "$", "invalid base direction");
                    clRef["@direction"] = d;
                }
            }
        }
    }

    // BCP47 well-formedness, loosely: alphanumeric subtags of 1-8 characters, the first alphabetic.
    private static bool IsWellFormedLanguageTag(string tag)
    {
        var parts = tag.Split('-');
        for (int i = 0; i < parts.Length; i++)
        {
            var p = parts[i];
            if (p.Length is 0 or > 8) return false;
            foreach (char c in p)
                if (!(i == 0 ? char.IsAsciiLetter(c) : char.IsAsciiLetterOrDigit(c))) return false;
        }
        return true;
    }

    private static JsonNode? FirstValue(JsonObject node, string property) =>
        node[property] is JsonArray { Count: > 0 } a && a[0] is JsonObject o ? o["@value"] : null;

    /// <summary>Walks each rdf:nil usage back towards the list head while the nodes form a well-formed list.</summary>
    /// <remarks>
    /// A list whose head is an item of another list folds into that list's <c>@list</c>, so lists of
    /// lists nest the JSON tree. Data can nest them arbitrarily deep (an N-Triples file 10^6 lists
    /// deep is valid RDF), and every later stage (compaction, JSON writing) walks the tree
    /// recursively; so a list is folded only while it sits fewer than <see cref="MaxListNesting"/>
    /// folded lists deep. Deeper lists stay rdf:first/rdf:rest node objects: still the same RDF.
    /// </remarks>
    private void FoldLists(OrderedDictionary<string, JsonObject> graph, List<Usage> nilUsages)
    {
        // Pass 1: find each list without changing anything (its nodes, in order from the nil end).
        var lists = new List<(JsonObject Head, List<JsonObject> Nodes)>(nilUsages.Count);
        var listOfNode = new Dictionary<JsonObject, int>(ReferenceEqualityComparer.Instance);
        foreach (var usage in nilUsages)
        {
            var node = usage.Node;
            string property = usage.Property;
            var head = usage.Value;
            var nodes = new List<JsonObject>();
            while (property == RdfRest && IsWellFormedListNode(node))
            {
                nodes.Add(node);
                var nodeUsage = _referencedOnce[(string)node["@id"]!]!;
                node = nodeUsage.Node;
                property = nodeUsage.Property;
                head = nodeUsage.Value;
                if (!((string)node["@id"]!).StartsWith("_:", StringComparison.Ordinal)) break;
            }
            foreach (var n in nodes) listOfNode[n] = lists.Count;
            lists.Add((head, nodes));
        }

        // Pass 2: nesting depth of each list among folded lists (memoised, walked with an explicit
        // stack). Lists can be items of each other in a cycle: the list that closes the cycle is not
        // folded (as if too deep), or the JSON tree would contain itself.
        const int Unknown = -1, Visiting = -2;
        var depth = new int[lists.Count];
        Array.Fill(depth, Unknown);
        var pending = new Stack<int>();
        for (int i = 0; i < lists.Count; i++)
        {
            int at = i;
            while (depth[at] == Unknown)
            {
                int parent = ParentList(lists[at].Head, listOfNode);
                if (parent < 0) { depth[at] = 0; break; }
                if (depth[parent] == Visiting || parent == at) { depth[at] = MaxListNesting; break; }
                if (depth[parent] >= 0) { depth[at] = Below(depth[parent]); break; }
                depth[at] = Visiting;
                pending.Push(at);
                at = parent;
            }
            while (pending.TryPop(out int child))
                depth[child] = Below(depth[ParentList(lists[child].Head, listOfNode)]);
        }

        // Pass 3: fold.
        var removed = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < lists.Count; i++)
        {
            if (depth[i] >= MaxListNesting) continue;
            var (head, nodes) = lists[i];
            var items = new JsonNode?[nodes.Count];
            for (int k = 0; k < nodes.Count; k++)
            {
                var first = (JsonArray)nodes[k][RdfFirst]!;
                var item = first[0];
                first.RemoveAt(0); // detach: a JsonNode has a single parent
                items[nodes.Count - 1 - k] = item;
                removed.Add((string)nodes[k]["@id"]!);
            }
            head.Remove("@id");
            head["@list"] = new JsonArray(items);
        }
        if (removed.Count == 0) return;
        // OrderedDictionary.Remove shifts the entries after it; rebuild once instead.
        var kept = new List<KeyValuePair<string, JsonObject>>(graph.Count - removed.Count);
        foreach (var e in graph)
            if (!removed.Contains(e.Key)) kept.Add(e);
        graph.Clear();
        foreach (var (k, v) in kept) graph.Add(k, v);
    }

    /// <summary>Depth of a list inside one at <paramref name="parent"/>: a list under an unfolded (too deep) list starts again from the top.</summary>
    private static int Below(int parent) => parent < MaxListNesting ? parent + 1 : 0;

    /// <summary>The list whose item <paramref name="head"/> is (the head is the value of a list node's rdf:first), or -1.</summary>
    private static int ParentList(JsonObject head, Dictionary<JsonObject, int> listOfNode) =>
        head.Parent is JsonArray values && values.Parent is JsonObject owner && ReferenceEquals(owner[RdfFirst], values)
            && listOfNode.TryGetValue(owner, out int parent) ? parent : -1;

    private bool IsWellFormedListNode(JsonObject node)
    {
        string id = (string)node["@id"]!;
        if (!id.StartsWith("_:", StringComparison.Ordinal)) return false;
        if (!_referencedOnce.TryGetValue(id, out var u) || u is null) return false;
        if (node[RdfFirst] is not JsonArray { Count: 1 } || node[RdfRest] is not JsonArray { Count: 1 }) return false;
        int count = node.Count;
        if (count == 3) return true;
        return count == 4 && node["@type"] is JsonArray { Count: 1 } t && (string?)t[0] == RdfList;
    }

    private JsonArray BuildResult()
    {
        var result = new JsonArray();
        var defaultGraph = _graphMap["@default"];
        foreach (var subject in Keys(defaultGraph))
        {
            var node = defaultGraph[subject];
            if (_graphMap.TryGetValue(subject, out var graph) && subject != "@default")
            {
                var members = new JsonArray();
                foreach (var s in Keys(graph))
                {
                    var n = graph[s];
                    if (n.Count > 1) members.Add(n);
                }
                node["@graph"] = members;
            }
            if (node.Count > 1) result.Add(node);
        }
        return result;
    }

    private IEnumerable<string> Keys(OrderedDictionary<string, JsonObject> map)
    {
        if (!_options.Ordered) return map.Keys.ToList();
        var keys = map.Keys.ToList();
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }
}
