using System.Text.Json.Nodes;

namespace PhdResolver.Rdf.JsonLd;

// Public API (stable; later changes are additive only) — used by expansion, toRdf, and by
// compaction / fromRdf (which build the inverse context on top of it):
//
//   ActiveContext.Create(options, baseIri)        initial context (base IRI = original base URL)
//   ctx.Process(localContext, baseUrl, options?,  Context Processing (API §4.1); returns a NEW
//               overrideProtected, propagate,     context, never mutates ctx. Errors are
//               validateScopedContext)            RdfSyntaxException with the JSON-LD error code.
//   ctx.ExpandIri(value, documentRelative, vocab) IRI Expansion (§4.4); null for keyword-like
//                                                 strings and null-mapped terms
//   ctx.GetTerm(term) / ctx.Terms                  term definitions (TermDefinition.cs)
//   ctx.BaseIri, OriginalBaseUrl, VocabularyMapping, DefaultLanguage, DefaultBaseDirection,
//   ctx.PreviousContext, ProcessingMode, Options, HasProtectedTerms
//   ctx.InverseContextCache                        slot for compaction to memoise its inverse context
//   ctx.IsProcessingMode10                         true when processing mode is json-ld-1.0

/// <summary>
/// A JSON-LD active context: term definitions plus base IRI, vocabulary mapping, default
/// language and direction. Contexts are immutable values: processing a local context clones.
/// </summary>
public sealed partial class ActiveContext
{
    private Dictionary<string, TermDefinition> _terms;

    private ActiveContext(JsonLdOptions options, Dictionary<string, TermDefinition> terms, RemoteContextCache cache)
    {
        Options = options;
        _terms = terms;
        Cache = cache;
    }

    /// <summary>A new, empty active context whose base IRI and original base URL are <paramref name="baseIri"/>.</summary>
    public static ActiveContext Create(JsonLdOptions? options = null, string? baseIri = null)
    {
        options ??= new JsonLdOptions();
        return new ActiveContext(options, new Dictionary<string, TermDefinition>(StringComparer.Ordinal), new RemoteContextCache())
        {
            BaseIri = baseIri,
            OriginalBaseUrl = baseIri,
        };
    }

    public JsonLdOptions Options { get; private set; }

    /// <summary>"json-ld-1.1" or "json-ld-1.0".</summary>
    public string ProcessingMode => Options.ProcessingMode;

    public bool IsProcessingMode10 => Options.ProcessingMode == "json-ld-1.0";

    public IReadOnlyDictionary<string, TermDefinition> Terms => _terms;

    public string? BaseIri { get; private set; }

    /// <summary>The base the document started with; @context: null resets to it.</summary>
    public string? OriginalBaseUrl { get; private set; }

    public string? VocabularyMapping { get; private set; }

    public string? DefaultLanguage { get; private set; }

    /// <summary>"ltr", "rtl" or null.</summary>
    public string? DefaultBaseDirection { get; private set; }

    /// <summary>The context to revert to when a non-propagated (type-scoped) context goes out of scope.</summary>
    public ActiveContext? PreviousContext { get; private set; }

    /// <summary>For compaction: a place to memoise the inverse context of this (immutable) context.</summary>
    public object? InverseContextCache { get; set; }

    public bool HasProtectedTerms
    {
        get
        {
            foreach (var d in _terms.Values)
                if (d.Protected) return true;
            return false;
        }
    }

    public TermDefinition? GetTerm(string? term) =>
        term is not null && _terms.TryGetValue(term, out var d) ? d : null;

    /// <summary>Remote context documents already loaded, shared by all contexts derived from one root.</summary>
    internal RemoteContextCache Cache { get; }

    internal sealed class RemoteContextCache
    {
        public readonly Dictionary<string, RemoteDocument> Documents = new(StringComparer.Ordinal);
    }

    private ActiveContext Clone() => new(Options, new Dictionary<string, TermDefinition>(_terms, StringComparer.Ordinal), Cache)
    {
        BaseIri = BaseIri,
        OriginalBaseUrl = OriginalBaseUrl,
        VocabularyMapping = VocabularyMapping,
        DefaultLanguage = DefaultLanguage,
        DefaultBaseDirection = DefaultBaseDirection,
        PreviousContext = PreviousContext,
    };

    /// <summary>IRI Expansion (JSON-LD 1.1 API §4.4) against this context.</summary>
    public string? ExpandIri(string? value, bool documentRelative = false, bool vocab = false) =>
        ExpandIri(value, documentRelative, vocab, null);

    private string? ExpandIri(string? value, bool documentRelative, bool vocab, DefinitionState? state)
    {
        if (value is null || JsonLdKeywords.IsKeyword(value)) return value;
        if (JsonLdKeywords.HasKeywordForm(value)) return null;

        if (state is not null && state.Local.ContainsKey(value) &&
            !(state.Defined.TryGetValue(value, out bool done) && done))
            CreateTermDefinition(value, state);

        if (_terms.TryGetValue(value, out var def))
        {
            if (JsonLdKeywords.IsKeyword(def.IriMapping)) return def.IriMapping;
            if (vocab) return def.IriMapping;
        }

        int colon = value.Length > 1 ? value.IndexOf(':', 1) : -1;
        if (colon > 0)
        {
            string prefix = value[..colon];
            string suffix = value[(colon + 1)..];
            if (prefix == "_" || suffix.StartsWith("//", StringComparison.Ordinal)) return value;
            if (state is not null && state.Local.ContainsKey(prefix) &&
                !(state.Defined.TryGetValue(prefix, out bool pdone) && pdone))
                CreateTermDefinition(prefix, state);
            if (_terms.TryGetValue(prefix, out var pdef) && pdef.IriMapping is not null && pdef.Prefix)
                return pdef.IriMapping + suffix;
            if (IriResolver.IsAbsolute(value)) return value;
        }

        if (vocab && VocabularyMapping is not null) return VocabularyMapping + value;
        if (documentRelative) return BaseIri is null ? value : IriResolver.Resolve(BaseIri, value);
        return value;
    }
}
