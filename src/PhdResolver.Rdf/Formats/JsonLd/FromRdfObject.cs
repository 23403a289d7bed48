using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhdResolver.Rdf.JsonLd;

/// <summary>RDF to Object Conversion (JSON-LD 1.1 API §8.5): one RDF term to a node reference or value object.</summary>
internal static class FromRdfObject
{
    private const string I18nPrefix = "https://www.w3.org/ns/i18n#";

    /// <summary>The JSON-LD identifier of an IRI or blank node ("_:" + label for blank nodes).</summary>
    public static string Id(Term term) => term switch
    {
        Iri i => i.Value,
        BlankNode b => "_:" + b.Id,
        // Generalized RDF only; literals never name nodes in well-formed data.
        Literal l => l.Lexical,
        _ => throw new ArgumentException("unknown term kind", nameof(term)),
    };

    private static bool IsCanonical(JsonNode? parsed, string lexical)
    {
        try
        {
            return JsonCanonicalizer.Serialize(parsed) == lexical;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false; // a number beyond double: no canonical form
        }
    }

    public static JsonObject Convert(Term value, string? rdfDirection, bool useNativeTypes, bool json10, bool keepInvalidJson = false)
    {
        if (value is not Literal lit)
            return new JsonObject { ["@id"] = Id(value) };

        var result = new JsonObject();
        JsonNode? converted = null;
        bool haveConverted = false;
        string? type = null;
        string dt = lit.Datatype.Value;

        if (useNativeTypes)
        {
            if (dt == Vocab.Xsd.StringValue)
            {
                converted = JsonValue.Create(lit.Lexical);
                haveConverted = true;
            }
            else if (dt == Vocab.Xsd.Boolean.Value)
            {
                switch (lit.Lexical)
                {
                    case "true" or "1": converted = JsonValue.Create(true); haveConverted = true; break;
                    case "false" or "0": converted = JsonValue.Create(false); haveConverted = true; break;
                }
            }
            else if (dt == Vocab.Xsd.Integer.Value || dt == Vocab.Xsd.Double.Value)
            {
                converted = ToNumber(lit.Lexical, dt == Vocab.Xsd.Integer.Value);
                haveConverted = converted is not null;
            }
        }

        if (!haveConverted)
        {
            converted = JsonValue.Create(lit.Lexical);
            if (!json10 && dt == Vocab.Rdf.Json.Value)
            {
                try
                {
                    // The parser's options: duplicate keys and nesting past the limit are invalid JSON here too
                    // (a JsonObject with duplicate keys throws ArgumentException later, when it is first read).
                    converted = JsonNode.Parse(lit.Lexical, null, JsonLdParser.JsonDocumentOptions);
                    type = "@json";
                    // A writer keeps the literal exactly: as @json it would read back canonicalised (RFC 8785), so only
                    // a lexical form that is already canonical goes that way (and one with no canonical form never does).
                    if (keepInvalidJson && !IsCanonical(converted, lit.Lexical))
                    {
                        converted = JsonValue.Create(lit.Lexical);
                        type = dt;
                    }
                }
                catch (JsonException e)
                {
                    if (!keepInvalidJson) throw new RdfSyntaxException($"rdf:JSON literal is not valid JSON: {e.Message}", "$", "invalid JSON literal", e);
                    converted = JsonValue.Create(lit.Lexical);
                    type = dt; // the datatype IRI, not @json: the lexical form stays a string
                }
            }
            else if (rdfDirection == "i18n-datatype" && dt.StartsWith(I18nPrefix, StringComparison.Ordinal))
            {
                string frag = dt[I18nPrefix.Length..];
                int us = frag.IndexOf('_', StringComparison.Ordinal);
                string lang = us < 0 ? frag : frag[..us];
                if (lang.Length > 0) result["@language"] = lang;
                if (us >= 0) result["@direction"] = frag[(us + 1)..];
            }
            else if (lit.Language is not null)
            {
                result["@language"] = lit.Language;
            }
            else if (dt != Vocab.Xsd.StringValue)
            {
                type = dt;
            }
        }

        result["@value"] = converted;
        if (type is not null) result["@type"] = type;
        return result;
    }

    /// <summary>
    /// A valid xsd:integer/xsd:double lexical form as a JSON number, or null when it is not valid
    /// or has no finite double value (JSON has no INF/NaN).
    /// </summary>
    internal static JsonNode? ToNumber(string lexical, bool integer)
    {
        if (integer)
        {
            if (!Xsd.XsdTypes.IsIntegerLexical(lexical)) return null;
            if (long.TryParse(lexical, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)
                && l is > -(1L << 53) and < (1L << 53))
                return JsonValue.Create(l);
            double big = double.Parse(lexical, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            return double.IsFinite(big) ? JsonValue.Create(big) : null;
        }
        // INF and NaN are valid doubles but not JSON numbers.
        if (lexical is "INF" or "+INF" or "-INF" or "NaN" || !Xsd.XsdTypes.IsDoubleLexical(lexical)) return null;
        double d = double.Parse(lexical, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(d)) return null;
        // JCS serializes integral doubles without a fraction; a long keeps that form in the output.
        if (Math.Floor(d) == d && Math.Abs(d) < 1e21 && Math.Abs(d) < (1L << 53))
            return JsonValue.Create((long)d);
        return JsonValue.Create(d);
    }
}
