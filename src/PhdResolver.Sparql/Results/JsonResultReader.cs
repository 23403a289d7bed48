using System.Text.Json;
using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Results;

/// <summary>
/// Reads SPARQL 1.1 Query Results JSON. JSON syntax errors carry line and column; structural
/// errors carry the JSON path of the offending value. Accepts the pre-REC <c>typed-literal</c>
/// type, and variables bound in rows but missing from <c>head.vars</c> are appended to the head.
/// </summary>
public static class JsonResultReader
{
    public static QueryResult Read(TextReader input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var text = input.ReadToEnd();
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException e)
        {
            throw new RdfSyntaxException("malformed JSON: " + FirstSentence(e.Message), (e.LineNumber ?? -1) + 1, (e.BytePositionInLine ?? -1) + 1, e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Error("the document must be a JSON object", "$");

            if (root.TryGetProperty("boolean", out var boolean))
            {
                if (boolean.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    throw Error("\"boolean\" must be true or false", "$.boolean");
                return new BooleanResult(boolean.ValueKind == JsonValueKind.True);
            }

            var vars = new List<string>();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            if (!root.TryGetProperty("head", out var head) || head.ValueKind != JsonValueKind.Object)
                throw Error("missing \"head\" object", "$");
            if (head.TryGetProperty("vars", out var jvars))
            {
                if (jvars.ValueKind != JsonValueKind.Array) throw Error("\"vars\" must be an array", "$.head.vars");
                int i = 0;
                foreach (var v in jvars.EnumerateArray())
                {
                    if (v.ValueKind != JsonValueKind.String) throw Error("a variable name must be a string", $"$.head.vars[{i}]");
                    var name = v.GetString()!;
                    if (!index.TryAdd(name, vars.Count)) throw Error($"variable '{name}' is listed twice", $"$.head.vars[{i}]");
                    vars.Add(name);
                    i++;
                }
            }

            if (!root.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Object)
                throw Error("missing \"results\" object (or \"boolean\")", "$");
            if (!results.TryGetProperty("bindings", out var bindings) || bindings.ValueKind != JsonValueKind.Array)
                throw Error("missing \"bindings\" array", "$.results");

            var rows = new List<Term?[]>();
            int r = 0;
            foreach (var b in bindings.EnumerateArray())
            {
                string path = $"$.results.bindings[{r}]";
                if (b.ValueKind != JsonValueKind.Object) throw Error("a solution must be an object", path);
                var row = new Term?[vars.Count];
                foreach (var p in b.EnumerateObject())
                {
                    if (!index.TryGetValue(p.Name, out int slot))
                    {
                        // Undeclared variable: widen the head (earlier rows leave it unbound).
                        slot = vars.Count;
                        index[p.Name] = slot;
                        vars.Add(p.Name);
                    }
                    if (slot >= row.Length) Array.Resize(ref row, vars.Count);
                    row[slot] = ReadTerm(p.Value, path + "[\"" + p.Name + "\"]");
                }
                rows.Add(row);
                r++;
            }
            for (int i = 0; i < rows.Count; i++)
                if (rows[i].Length < vars.Count) { var row = rows[i]; Array.Resize(ref row, vars.Count); rows[i] = row; }
            return new BindingsResult(vars, rows);
        }
    }

    internal static Term ReadTerm(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Object) throw Error("an RDF term must be an object with \"type\" and \"value\"", path);
        string type = GetString(e, "type", path) ?? throw Error("missing \"type\"", path);
        switch (type)
        {
            case "uri":
                return new Iri(GetString(e, "value", path) ?? throw Error("missing \"value\"", path));
            case "bnode":
                return new BlankNode(GetString(e, "value", path) ?? throw Error("missing \"value\"", path));
            case "literal" or "typed-literal":
                var lexical = GetString(e, "value", path) ?? throw Error("missing \"value\"", path);
                var lang = GetString(e, "xml:lang", path);
                var dt = GetString(e, "datatype", path);
                if (lang is not null)
                {
                    if (dt is not null && dt != Vocab.Rdf.LangString.Value) throw Error("a literal cannot have both \"xml:lang\" and \"datatype\"", path);
                    return new Literal(lexical, lang);
                }
                return dt is null ? new Literal(lexical) : new Literal(lexical, new Iri(dt));
            default:
                throw Error($"unknown term type '{type}' (expected uri, bnode or literal)", path + ".type");
        }
    }

    private static string? GetString(JsonElement e, string name, string path)
    {
        if (!e.TryGetProperty(name, out var v)) return null;
        if (v.ValueKind != JsonValueKind.String) throw Error($"\"{name}\" must be a string", path + "[\"" + name + "\"]");
        return v.GetString();
    }

    private static string FirstSentence(string m)
    {
        int i = m.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return i > 0 ? m[..i].TrimEnd() : m;
    }

    private static RdfSyntaxException Error(string message, string path) => new(message, path);
}
