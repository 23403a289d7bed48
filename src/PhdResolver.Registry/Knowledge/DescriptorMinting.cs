using System.Text;
using PhdResolver.Rdf;

namespace PhdResolver.Registry.Knowledge;

/// <summary>
/// "A record speaks only for itself": the IRI subjects of a submitted descriptor graph become
/// <c>{descriptor IRI}#slug</c> (as subject and wherever they occur as object), whatever the input
/// named them (<c>urn:</c>, a relative IRI resolved against the parser's base, <c>example.org</c>,
/// a Micro-Meta App import's minted IRIs). Blank nodes stay blank; IRIs that occur only as objects
/// (ontology terms, units, concepts, external pages) stay as they are.
/// <para>
/// A subject the descriptor may not speak for is refused, with the complete list: an ontology or
/// vocabulary term, another record's IRI (including the resolver URL of a registered PID), or
/// anything else under the registry's base. The one exception under the base are the nodes of this
/// instrument's own earlier versions (<c>{base}phd:PREV#slug</c>, as a downloaded version has
/// them): they keep their slug under the new descriptor.
/// </para>
/// <para>
/// Slugs are stable for the same input: the local name of the IRI when it says something (not a
/// UUID, not a bare number), else its label (nboq:name, schema:name, rdfs:label), else the last two
/// path segments; lower-case ASCII letters, digits and '-'. Clashes get -2, -3, … in the ordinal order
/// of the original IRIs, so the same graph always mints the same IRIs.
/// </para>
/// </summary>
internal static class DescriptorMinting
{
    private static readonly string[] VocabularyNamespaces =
    [
        RecordVocab.Nboq, "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#",
        "http://www.w3.org/2002/07/owl#", "http://www.w3.org/2001/XMLSchema#", "http://www.w3.org/2004/02/skos/core#",
        "https://schema.org/", "http://schema.org/", "http://www.w3.org/ns/prov#", "http://purl.org/dc/terms/",
        "http://purl.org/dc/elements/1.1/", "http://qudt.org/", "http://www.w3.org/ns/sosa/", "http://www.w3.org/ns/ssn/",
        "http://www.w3.org/ns/shacl#", "http://www.openmicroscopy.org/Schemas/",
    ];

    private static readonly Iri[] LabelProperties =
        [new(RecordVocab.Nboq + "name"), new(RecordVocab.Schema + "name"), Vocab.Rdfs.Label, new("http://www.w3.org/2004/02/skos/core#prefLabel")];

    /// <param name="triples">The submitted graph.</param>
    /// <param name="descriptorIri">The new version's IRI (<c>{base}phd:ACC</c>).</param>
    /// <param name="baseIri">The registry's base IRI.</param>
    /// <param name="ownEarlierVersions">IRIs of this instrument's earlier versions, whose <c>#slug</c> nodes may be re-minted.</param>
    /// <param name="isOtherRecord">Whether an IRI outside the base names a registered record (a PID resolver URL).</param>
    public static List<Triple> Mint(IReadOnlyCollection<Triple> triples, string descriptorIri, string baseIri,
        IReadOnlySet<string> ownEarlierVersions, Func<string, bool> isOtherRecord)
    {
        var subjects = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var t in triples) if (t.Subject is Iri s) subjects.Add(s.Value);

        var refused = new List<string>();
        var fixedSlugs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in subjects)
        {
            if (IsVocabulary(s)) { refused.Add(s + " (an ontology or vocabulary term)"); continue; }
            if (s.StartsWith(baseIri, StringComparison.Ordinal))
            {
                int hash = s.IndexOf('#', StringComparison.Ordinal);
                if (hash > 0 && hash < s.Length - 1 && ownEarlierVersions.Contains(s[..hash])) { fixedSlugs[s] = Slugify(s[(hash + 1)..]); continue; }
                refused.Add(s + " (names a record or resource of this registry)");
                continue;
            }
            if (isOtherRecord(s)) refused.Add(s + " (another record's IRI)");
        }
        if (refused.Count > 0)
            throw new RegistryException(RegistryErrorKind.Invalid,
                $"the descriptor may only describe its own nodes; {refused.Count} subject(s) belong to something else: " + string.Join("; ", refused.Take(20)) + (refused.Count > 20 ? "; …" : ""))
            { Subjects = refused };

        // The best label per subject: by property rank, then the ordinally first text (deterministic).
        var labels = new Dictionary<string, (int Rank, string Text)>(StringComparer.Ordinal);
        foreach (var t in triples)
        {
            if (t.Subject is not Iri s || t.Object is not Literal l || t.Predicate is not Iri p) continue;
            int k = Array.IndexOf(LabelProperties, p);
            if (k < 0) continue;
            if (!labels.TryGetValue(s.Value, out var have) || k < have.Rank || (k == have.Rank && string.CompareOrdinal(l.Lexical, have.Text) < 0))
                labels[s.Value] = (k, l.Lexical);
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        var map = new Dictionary<string, Iri>(StringComparer.Ordinal);
        // Kept slugs first, so a re-submitted download keeps its fragments.
        foreach (var (s, slug) in fixedSlugs)
            if (used.Add(slug)) map[s] = new Iri(descriptorIri + "#" + slug);
        foreach (var s in subjects)
        {
            if (map.ContainsKey(s)) continue;
            string slug = fixedSlugs.GetValueOrDefault(s) ?? SlugOf(s, labels.TryGetValue(s, out var lab) ? lab.Text : null);
            string unique = slug;
            for (int n = 2; !used.Add(unique); n++) unique = slug + "-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            map[s] = new Iri(descriptorIri + "#" + unique);
        }

        var result = new List<Triple>(triples.Count);
        foreach (var t in triples)
        {
            var subj = t.Subject is Iri si && map.TryGetValue(si.Value, out var ms) ? ms : t.Subject;
            var obj = t.Object is Iri oi && map.TryGetValue(oi.Value, out var mo) ? mo : t.Object;
            result.Add(ReferenceEquals(subj, t.Subject) && ReferenceEquals(obj, t.Object) ? t : new Triple(subj, t.Predicate, obj));
        }
        return result;
    }

    public static bool IsVocabulary(string iri)
    {
        foreach (var ns in VocabularyNamespaces) if (iri.StartsWith(ns, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>The slug of one subject: a telling local name, else its label, else its last path segments.</summary>
    internal static string SlugOf(string iri, string? label)
    {
        string local = LocalName(iri, out string? parent);
        if (Telling(local)) return Slugify(local);
        if (!string.IsNullOrWhiteSpace(label) && Slugify(label) is { Length: > 0 } fromLabel) return fromLabel;
        if (parent is not null && Telling(parent)) return Slugify(parent + "-" + local);
        return Slugify(local) is { Length: > 0 } l ? "node-" + l : "node";
    }

    private static string LocalName(string iri, out string? parent)
    {
        parent = null;
        string rest = iri;
        int hash = rest.LastIndexOf('#');
        if (hash >= 0 && hash < rest.Length - 1) return rest[(hash + 1)..];
        rest = rest.TrimEnd('/', '#');
        int cut = rest.LastIndexOfAny(['/', ':']);
        string local = cut >= 0 ? rest[(cut + 1)..] : rest;
        if (cut > 0)
        {
            string before = rest[..cut];
            int cut2 = before.LastIndexOfAny(['/', ':']);
            parent = cut2 >= 0 ? before[(cut2 + 1)..] : before;
        }
        return local;
    }

    /// <summary>Whether a local name tells a reader something (not empty, not a bare number, not a UUID or long hex).</summary>
    private static bool Telling(string local)
    {
        if (local.Length == 0 || local.Length > 64) return false;
        bool anyLetter = false, allHexOrDash = true;
        foreach (char c in local)
        {
            if (char.IsLetter(c)) anyLetter = true;
            if (!(char.IsAsciiHexDigit(c) || c == '-')) allHexOrDash = false;
        }
        if (!anyLetter) return false;
        if (allHexOrDash && local.Length >= 16) return false; // UUIDs and hashes
        return Slugify(local).Length > 0;
    }

    internal static string Slugify(string text)
    {
        var sb = new StringBuilder(Math.Min(text.Length, 60));
        bool dash = false;
        foreach (char ch in text.Normalize(NormalizationForm.FormD))
        {
            if (sb.Length >= 60) break;
            char c = char.ToLowerInvariant(ch);
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') { sb.Append(c); dash = false; }
            else if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(ch) == System.Globalization.UnicodeCategory.NonSpacingMark) continue;
            else if (!dash && sb.Length > 0) { sb.Append('-'); dash = true; }
        }
        return sb.ToString().TrimEnd('-');
    }
}
