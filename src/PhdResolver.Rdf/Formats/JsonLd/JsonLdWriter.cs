using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using PhdResolver.Rdf.JsonLd;

namespace PhdResolver.Rdf;

/// <summary>
/// Writes JSON-LD. JSON-LD output is a tree built from the whole dataset (lists and graphs are
/// folded), so quads are buffered and the document is produced on <see cref="Finish"/>: fromRdf,
/// then compaction when a context is available — <see cref="WriterOptions.FormatOptions"/> as a
/// JSON context, or otherwise <see cref="WriterOptions.Prefixes"/> turned into prefix definitions.
/// Without either the output is expanded JSON-LD.
/// </summary>
public sealed class JsonLdWriter(TextWriter output, WriterOptions? options = null) : IRdfWriter
{
    private static readonly JsonSerializerOptions s_indented = new()
    {
        WriteIndented = true,
        MaxDepth = RdfLimits.MaxJsonNesting,
        // Keep IRIs and non-ASCII text readable; JSON-LD is UTF-8 and not embedded in HTML here.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions s_compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = RdfLimits.MaxJsonNesting };

    private readonly WriterOptions _options = options ?? WriterOptions.Default;
    private readonly List<Quad> _quads = [];
    private bool _finished;

    public RdfFormat Format => RdfFormat.JsonLd;

    public void OnQuad(in Quad quad)
    {
        if (_finished) throw new InvalidOperationException("JsonLdWriter.Finish was already called");
        _quads.Add(quad);
    }

    public void Finish()
    {
        if (_finished) return;
        _finished = true;
        var ldOptions = _options.FormatOptions as JsonLdOptions ?? new JsonLdOptions();
        ldOptions = ldOptions with { Base = _options.BaseIri ?? ldOptions.Base, Ordered = true, KeepInvalidJsonLiterals = true };
        var expanded = JsonLdProcessor.FromRdf(_quads, ldOptions);

        JsonNode document = expanded;
        var context = BuildContext();
        if (context is not null)
        {
            try
            {
                document = JsonLdProcessor.CompactExpanded(expanded, context, ldOptions);
            }
            catch (RdfSyntaxException) when (_options.FormatOptions is not JsonNode)
            {
                // Our own prefix context must never make valid data unwritable (fuzzing found
                // "IRI confused with a compact IRI"): expanded JSON-LD is the same data (made
                // afresh: compaction may have taken nodes out of the first expansion).
                document = JsonLdProcessor.FromRdf(_quads, ldOptions);
            }
        }

        output.Write(document.ToJsonString(_options.Pretty ? s_indented : s_compact));
        output.Write('\n');
        output.Flush();
    }

    /// <summary>The context to compact with: the caller's, or one made of the prefixes (plus @base), or null.</summary>
    private JsonNode? BuildContext()
    {
        if (_options.FormatOptions is JsonNode given)
            return given is JsonObject o && o.TryGetPropertyValue("@context", out var inner) ? inner?.DeepClone() : given.DeepClone();
        if (_options.Prefixes is not { Count: > 0 } prefixes && _options.BaseIri is null) return null;

        var context = new JsonObject();
        if (_options.BaseIri is { } baseIri) context["@base"] = baseIri;
        if (_options.Prefixes is not null)
        {
            // A prefix named like the scheme of an IRI in the data ("p" for <p:x//y>) would make
            // that IRI read as a compact IRI: compaction refuses it, so such prefixes are left out.
            var schemes = Schemes();
            foreach (var (prefix, ns) in _options.Prefixes.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (schemes.Contains(prefix) || !IriSyntax.IsAbsolute(ns)) continue;
                // A namespace that is a bare scheme ("~": "http:") compacts http://x to "~://x", which JSON-LD
                // reads back as an absolute IRI with the scheme "~" (a suffix starting "//" is never a
                // compact IRI): no data written with it could be read back (fuzzing).
                if (prefix.Length > 0 && ns.IndexOf(':', StringComparison.Ordinal) == ns.Length - 1) continue;
                // The empty prefix (Turtle's ":") has no JSON-LD term form; it becomes the vocabulary mapping.
                if (prefix.Length == 0) context["@vocab"] = ns;
                else if (IsUsablePrefix(prefix))
                {
                    // JSON-LD 1.1 only uses simple terms as prefixes when they end in a gen-delim.
                    bool genDelim = ns.Length > 0 && ns[^1] is '/' or '#' or ':' or '?' or '[' or ']' or '@';
                    context[prefix] = genDelim ? ns : new JsonObject { ["@id"] = ns, ["@prefix"] = true };
                }
            }
        }
        return context;
    }

    private HashSet<string> Schemes()
    {
        var schemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var lookup = schemes.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var q in _quads)
        {
            Add(q.Subject);
            Add(q.Predicate);
            Add(q.Object);
            if (q.Graph is not null) Add(q.Graph);
        }
        return schemes;

        void Add(Term t)
        {
            string? iri = t switch { Iri i => i.Value, Literal l => l.Datatype.Value, _ => null };
            if (iri is null) return;
            int colon = iri.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && !lookup.Contains(iri.AsSpan(0, colon))) schemes.Add(iri[..colon]);
        }
    }

    // A prefix must not look like a keyword or contain a colon (it would be read as a compact IRI).
    private static bool IsUsablePrefix(string prefix) =>
        prefix[0] != '@' && !prefix.Contains(':', StringComparison.Ordinal) && !prefix.Contains('/', StringComparison.Ordinal);
}
