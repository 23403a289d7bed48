using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using static PhdResolver.Rdf.JsonLd.JsonLdKeywords;

namespace PhdResolver.Rdf.JsonLd;

/// <summary>
/// Deserialize JSON-LD to RDF (JSON-LD 1.1 API §8.1–8.3): walks a node map and sends quads to a
/// sink. Relative IRIs, malformed IRIs and malformed language tags are dropped, as the spec says.
/// </summary>
internal sealed class RdfEmitter(IRdfSink sink, JsonLdOptions options)
{
    private const string I18nNamespace = "https://www.w3.org/ns/i18n#";
    private readonly BlankNodeScope _blankNodes = new();

    public void Emit(JsonObject nodeMap)
    {
        foreach (var (graphName, graphNode) in nodeMap)
        {
            Term? graph = null;
            if (graphName != "@default")
            {
                graph = ToResource(graphName);
                if (graph is null) continue;
            }
            foreach (var (subjectId, nodeValue) in (JsonObject)graphNode!)
            {
                var subject = ToResource(subjectId);
                if (subject is null) continue;
                var node = (JsonObject)nodeValue!;
                foreach (var (property, values) in node)
                {
                    if (property == "@type")
                    {
                        foreach (var t in Items(values))
                            if (AsString(t) is { } type && ToResource(type) is { } typeTerm)
                                sink.OnQuad(new Quad(subject, Vocab.Rdf.Type, typeTerm, graph));
                        continue;
                    }
                    if (IsKeyword(property)) continue;
                    if (IsBlankNodeId(property) && !options.ProduceGeneralizedRdf) continue;
                    var predicate = ToResource(property);
                    if (predicate is null) continue;
                    foreach (var item in Items(values))
                    {
                        var obj = ObjectToRdf(item, graph);
                        if (obj is not null) sink.OnQuad(new Quad(subject, predicate, obj, graph));
                    }
                }
            }
        }
    }

    /// <summary>An IRI or blank node for an identifier, or null when it is relative or not a well-formed IRI.</summary>
    private Term? ToResource(string id)
    {
        if (IsBlankNodeId(id)) return _blankNodes.Get(id[2..]);
        return IsWellFormedIri(id) ? new Iri(id) : null;
    }

    internal static bool IsWellFormedIri(string s)
    {
        if (!IriResolver.IsAbsolute(s)) return false;
        int hashes = 0;
        foreach (char c in s)
        {
            if (c == '#' && ++hashes > 1) return false;
            if (c <= ' ' || c is '<' or '>' or '"' or '{' or '}' or '|' or '\\' or '^' or '`') return false;
        }
        return true;
    }

    internal static bool IsWellFormedLanguage(string s)
    {
        // BCP 47 shape: 1-8 letters, then "-" and 1-8 alphanumerics, repeated.
        var parts = s.Split('-');
        if (parts[0].Length is 0 or > 8) return false;
        foreach (char c in parts[0]) if (!char.IsAsciiLetter(c)) return false;
        for (int i = 1; i < parts.Length; i++)
        {
            if (parts[i].Length is 0 or > 8) return false;
            foreach (char c in parts[i]) if (!char.IsAsciiLetterOrDigit(c)) return false;
        }
        return true;
    }

    /// <summary>Object to RDF (§8.2).</summary>
    private Term? ObjectToRdf(JsonNode? item, Term? graph)
    {
        if (item is not JsonObject obj) return null;
        if (obj.TryGetPropertyValue("@id", out var idNode) && !obj.ContainsKey("@value"))
            return AsString(idNode) is { } id ? ToResource(id) : null;
        if (obj.TryGetPropertyValue("@list", out var list))
            return ListToRdf(list as JsonArray ?? [], graph);
        if (!obj.TryGetPropertyValue("@value", out var value)) return null;

        string? datatype = AsString(obj["@type"]);
        if (datatype is not null && datatype != "@json" && ToResource(datatype) is not Iri) return null;
        string? language = AsString(obj["@language"]);
        if (language is not null && !IsWellFormedLanguage(language)) return null;

        string lexical;
        if (datatype == "@json")
        {
            try
            {
                lexical = JsonCanonicalizer.Serialize(value);
            }
            catch (ArgumentOutOfRangeException e)
            {
                // RFC 8785 canonical JSON has IEEE doubles only: 1e+3002 has no canonical form (fuzzing found the escape).
                throw new RdfSyntaxException("a JSON literal holds a number outside the range of a double (" + e.Message.Split(" (Parameter", 2)[0] + ")", "$", "invalid JSON literal", e);
            }
            datatype = Vocab.Rdf.Json.Value;
        }
        else
        {
            switch (Kind(value))
            {
                case JsonValueKind.True:
                case JsonValueKind.False:
                    lexical = Kind(value) == JsonValueKind.True ? "true" : "false";
                    datatype ??= Vocab.Xsd.Namespace + "boolean";
                    break;
                case JsonValueKind.Number:
                {
                    double d = NumberValue(value!);
                    bool integral = d == Math.Floor(d) && Math.Abs(d) < 1e21;
                    if (!integral || datatype == Vocab.Xsd.Namespace + "double")
                    {
                        lexical = CanonicalDouble(d);
                        datatype ??= Vocab.Xsd.Namespace + "double";
                    }
                    else
                    {
                        lexical = new BigInteger(d).ToString(CultureInfo.InvariantCulture);
                        datatype ??= Vocab.Xsd.Namespace + "integer";
                    }
                    break;
                }
                case JsonValueKind.String:
                    lexical = value!.GetValue<string>();
                    break;
                default:
                    return null;
            }
        }

        if (obj.TryGetPropertyValue("@direction", out var dirNode) && options.RdfDirection is not null && AsString(dirNode) is { } direction)
        {
            string lang = language?.ToLowerInvariant() ?? "";
            if (options.RdfDirection == "i18n-datatype")
                return new Literal(lexical, new Iri(I18nNamespace + lang + "_" + direction));
            if (options.RdfDirection == "compound-literal")
            {
                var node = _blankNodes.New();
                sink.OnQuad(new Quad(node, Vocab.Rdf.Value, new Literal(lexical), graph));
                if (language is not null) sink.OnQuad(new Quad(node, Vocab.Rdf.Language, new Literal(language.ToLowerInvariant()), graph));
                sink.OnQuad(new Quad(node, Vocab.Rdf.Direction, new Literal(direction), graph));
                return node;
            }
        }

        if (datatype is null)
            return language is not null ? new Literal(lexical, language) : new Literal(lexical);
        return new Literal(lexical, new Iri(datatype));
    }

    /// <summary>List to RDF (§8.3): an rdf:first/rdf:rest chain; emits the list triples, returns the head.</summary>
    private Term ListToRdf(JsonArray list, Term? graph)
    {
        if (list.Count == 0) return Vocab.Rdf.Nil;
        var nodes = new BlankNode[list.Count];
        for (int i = 0; i < nodes.Length; i++) nodes[i] = _blankNodes.New();
        for (int i = 0; i < nodes.Length; i++)
        {
            var obj = ObjectToRdf(list[i], graph);
            if (obj is not null) sink.OnQuad(new Quad(nodes[i], Vocab.Rdf.First, obj, graph));
            sink.OnQuad(new Quad(nodes[i], Vocab.Rdf.Rest, i + 1 < nodes.Length ? nodes[i + 1] : Vocab.Rdf.Nil, graph));
        }
        return nodes[0];
    }

    /// <summary>The canonical xsd:double lexical form JSON-LD uses: "1.1E0", "1.0E21", "-5.0E-1".</summary>
    public static string CanonicalDouble(double d)
    {
        // A JSON number beyond double (15E320) reads as infinity, which has no exponent form: XSD's INF
        // (fuzzing found the Substring(-1) this hit before).
        if (double.IsPositiveInfinity(d)) return "INF";
        if (double.IsNegativeInfinity(d)) return "-INF";
        if (double.IsNaN(d)) return "NaN";
        // 15 digits after the point like JavaScript's toExponential(15), then trailing zeros trimmed (keeping one).
        string s = d.ToString("E15", CultureInfo.InvariantCulture);
        int e = s.IndexOf('E', StringComparison.Ordinal);
        string mantissa = s[..e];
        int exponent = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        int dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        int end = mantissa.Length;
        while (end > dot + 2 && mantissa[end - 1] == '0') end--;
        return string.Concat(mantissa.AsSpan(0, end), "E", exponent.ToString(CultureInfo.InvariantCulture));
    }
}
