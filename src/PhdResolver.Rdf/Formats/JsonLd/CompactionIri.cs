using System.Text.Json.Nodes;

namespace PhdResolver.Rdf.JsonLd;

// IRI Compaction (JSON-LD 1.1 API §6.4).
internal sealed partial class Compactor
{
    /// <summary>
    /// Compacts <paramref name="var"/> to a term, compact IRI, keyword alias or (when not
    /// <paramref name="vocab"/>) a relative reference. <paramref name="value"/> is the expanded value
    /// the IRI is used with, which steers term selection.
    /// </summary>
    internal string? CompactIri(ActiveContext activeContext, string? var, JsonNode? value = null, bool vocab = true, bool reverse = false)
    {
        if (var is null) return null;
        var inverse = InverseContext.Of(activeContext);
        if (vocab && inverse.Contains(var))
        {
            var term = SelectTerm(activeContext, inverse, var, value, reverse);
            if (term is not null) return term;
        }

        if (vocab && activeContext.VocabularyMapping is { } vocabMapping
            && var.Length > vocabMapping.Length && var.StartsWith(vocabMapping, StringComparison.Ordinal))
        {
            string suffix = var[vocabMapping.Length..];
            if (!activeContext.Terms.ContainsKey(suffix)) return suffix;
        }

        string? compactIri = null;
        foreach (var (key, def) in activeContext.Terms)
        {
            var mapping = def.IriMapping;
            if (mapping is null || mapping == var || !var.StartsWith(mapping, StringComparison.Ordinal) || !def.Prefix) continue;
            string candidate = key + ":" + var[mapping.Length..];
            bool better = compactIri is null || candidate.Length < compactIri.Length
                || (candidate.Length == compactIri.Length && string.CompareOrdinal(candidate, compactIri) < 0);
            if (!better) continue;
            if (!activeContext.Terms.TryGetValue(candidate, out var cdef) || (cdef.IriMapping == var && value is null))
                compactIri = candidate;
        }
        if (compactIri is not null) return compactIri;

        // An absolute IRI without authority whose scheme is a prefix term would read back as a compact IRI.
        int colon = var.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && string.CompareOrdinal(var, colon + 1, "//", 0, 2) != 0
            && activeContext.GetTerm(var[..colon]) is { Prefix: true })
            throw new RdfSyntaxException($"IRI '{var}' would be confused with a compact IRI using prefix '{var[..colon]}'", "$", "IRI confused with prefix");

        if (!vocab)
        {
            if (_compactToRelative && activeContext.BaseIri is { } baseIri && IriResolver.IsAbsolute(var))
                var = CompactionRelativeIri.Relativize(baseIri, var);
            if (JsonLdKeywords.HasKeywordForm(var)) var = "./" + var;
        }
        return var;
    }

    private string? SelectTerm(ActiveContext activeContext, InverseContext inverse, string var, JsonNode? value, bool reverse)
    {
        string defaultLanguage = activeContext.DefaultBaseDirection is { } dbd
            ? ((activeContext.DefaultLanguage ?? "") + "_" + dbd).ToLowerInvariant()
            : activeContext.DefaultLanguage?.ToLowerInvariant() ?? "@none";

        var valueObj = value as JsonObject;
        if (valueObj is not null && valueObj["@preserve"] is { } preserve)
        {
            value = preserve is JsonArray pa ? (pa.Count > 0 ? pa[0] : null) : preserve;
            valueObj = value as JsonObject;
        }

        var containers = new List<string>(12);
        string typeLanguage = "@language";
        string? typeLanguageValue = "@null";
        bool isGraph = IsGraphObject(valueObj);
        bool hasIndex = valueObj is not null && valueObj.ContainsKey("@index");

        if (hasIndex && !isGraph)
        {
            containers.Add("@index");
            containers.Add("@index@set");
        }

        if (reverse)
        {
            typeLanguage = "@type";
            typeLanguageValue = "@reverse";
            containers.Add("@set");
        }
        else if (valueObj is not null && valueObj.ContainsKey("@list"))
        {
            if (!hasIndex) containers.Add("@list");
            var list = valueObj["@list"] as JsonArray ?? [];
            string? commonType = null, commonLanguage = null;
            if (list.Count == 0) commonLanguage = defaultLanguage;
            foreach (var item in list)
            {
                string itemLanguage = "@none", itemType = "@none";
                var io = item as JsonObject;
                if (io is not null && io.ContainsKey("@value"))
                {
                    if (io["@direction"] is { } dir)
                        itemLanguage = (JsonLdKeywords.AsString(io["@language"]) + "_" + JsonLdKeywords.AsString(dir)).ToLowerInvariant();
                    else if (JsonLdKeywords.AsString(io["@language"]) is { } lang)
                        itemLanguage = lang.ToLowerInvariant();
                    else if (JsonLdKeywords.AsString(io["@type"]) is { } type)
                        itemType = type;
                    else
                        itemLanguage = "@null";
                }
                else
                {
                    itemType = "@id";
                }
                if (commonLanguage is null) commonLanguage = itemLanguage;
                else if (itemLanguage != commonLanguage && io is not null && io.ContainsKey("@value")) commonLanguage = "@none";
                if (commonType is null) commonType = itemType;
                else if (itemType != commonType) commonType = "@none";
                if (commonLanguage == "@none" && commonType == "@none") break;
            }
            commonLanguage ??= "@none";
            commonType ??= "@none";
            if (commonType != "@none")
            {
                typeLanguage = "@type";
                typeLanguageValue = commonType;
            }
            else
            {
                typeLanguageValue = commonLanguage;
            }
        }
        else if (isGraph)
        {
            bool hasId = valueObj!.ContainsKey("@id");
            if (hasIndex) { containers.Add("@graph@index"); containers.Add("@graph@index@set"); }
            if (hasId) { containers.Add("@graph@id"); containers.Add("@graph@id@set"); }
            containers.Add("@graph"); containers.Add("@graph@set"); containers.Add("@set");
            if (!hasIndex) { containers.Add("@graph@index"); containers.Add("@graph@index@set"); }
            if (!hasId) { containers.Add("@graph@id"); containers.Add("@graph@id@set"); }
            containers.Add("@index"); containers.Add("@index@set");
            typeLanguage = "@type";
            typeLanguageValue = "@id";
        }
        else
        {
            if (valueObj is not null && valueObj.ContainsKey("@value"))
            {
                if (valueObj["@direction"] is { } dir && !hasIndex)
                {
                    typeLanguageValue = (JsonLdKeywords.AsString(valueObj["@language"]) + "_" + JsonLdKeywords.AsString(dir)).ToLowerInvariant();
                    containers.Add("@language"); containers.Add("@language@set");
                }
                else if (JsonLdKeywords.AsString(valueObj["@language"]) is { } lang && !hasIndex)
                {
                    typeLanguageValue = lang.ToLowerInvariant();
                    containers.Add("@language"); containers.Add("@language@set");
                }
                else if (JsonLdKeywords.AsString(valueObj["@type"]) is { } type)
                {
                    typeLanguageValue = type;
                    typeLanguage = "@type";
                }
            }
            else
            {
                typeLanguage = "@type";
                typeLanguageValue = "@id";
                containers.Add("@id"); containers.Add("@id@set");
                containers.Add("@type"); containers.Add("@set@type");
            }
            containers.Add("@set");
        }

        containers.Add("@none");
        if (!activeContext.IsProcessingMode10)
        {
            if (!hasIndex) { containers.Add("@index"); containers.Add("@index@set"); }
            if (valueObj is not null && valueObj.Count == 1 && valueObj.ContainsKey("@value"))
            {
                containers.Add("@language"); containers.Add("@language@set");
            }
        }

        typeLanguageValue ??= "@null";
        var preferred = new List<string>(6);
        if (typeLanguageValue == "@reverse") preferred.Add("@reverse");
        if (typeLanguageValue is "@id" or "@reverse" && valueObj is not null && JsonLdKeywords.AsString(valueObj["@id"]) is { } idValue)
        {
            var compactedId = CompactIri(activeContext, idValue);
            if (compactedId is not null && activeContext.GetTerm(compactedId) is { } cd && cd.IriMapping == idValue)
            {
                preferred.Add("@vocab"); preferred.Add("@id"); preferred.Add("@none");
            }
            else
            {
                preferred.Add("@id"); preferred.Add("@vocab"); preferred.Add("@none");
            }
        }
        else
        {
            preferred.Add(typeLanguageValue);
            preferred.Add("@none");
            if (valueObj is not null && valueObj["@list"] is JsonArray { Count: 0 }) typeLanguage = "@any";
        }
        preferred.Add("@any");
        for (int i = 0, n = preferred.Count; i < n; i++)
        {
            int us = preferred[i].IndexOf('_', StringComparison.Ordinal);
            if (us >= 0) preferred.Add(preferred[i][us..]);
        }
        return inverse.SelectTerm(var, containers, typeLanguage, preferred);
    }
}
