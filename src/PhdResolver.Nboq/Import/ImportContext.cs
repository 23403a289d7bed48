using PhdResolver.Rdf;

namespace PhdResolver.Nboq.Import;

/// <summary>State shared by the mappers during one import.</summary>
internal sealed class ImportContext(NboqVocabulary vocab, ImportOptions options)
{
    public NboqVocabulary Vocab { get; } = vocab;
    public ImportOptions Options { get; } = options;
    public Dataset Data { get; } = new();
    public ImportReport Report { get; } = new();

    /// <summary>Named graph for drawing-only fields; null until the root is known.</summary>
    public Iri? LayoutGraph { get; set; }

    /// <summary>Pre-2.0 files use "Version" for the data-model version, not a software version.</summary>
    public bool LegacyModel { get; set; }

    /// <summary>Component ID -> IRI, filled before fields are mapped so references resolve in any order.</summary>
    public Dictionary<string, Iri> Components { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>For settings files: mints component IRIs of an instrument that is not in this file.</summary>
    public Func<string, Iri>? ExternalComponent { get; set; }

    /// <summary>The (first) class each node was typed with, for choosing among properties by owner.</summary>
    public Dictionary<Term, Iri> ClassOf { get; } = [];

    public void Add(Term s, Iri p, Term o, Term? graph = null)
    {
        if (p == PhdResolver.Rdf.Vocab.Rdf.Type && o is Iri cls) ClassOf.TryAdd(s, cls);
        Data.Add(new Quad(s, p, o, graph));
    }

    public Iri? ResolveComponent(string reference)
    {
        var id = reference.Trim();
        if (id.Contains('/', StringComparison.Ordinal)) id = id[(id.LastIndexOf('/') + 1)..];   // "EmissionFilter/<id>"
        if (id.Length == 0) return null;
        if (Components.TryGetValue(id, out var iri)) return iri;
        if (Options.ConfigurationComponent is { } known) return known(id);
        return ExternalComponent is not null && LooksLikeId(id) ? ExternalComponent(id) : null;
    }

    private static bool LooksLikeId(string s) => Guid.TryParse(s, out _);

    /// <summary>
    /// Throws when <paramref name="reference"/> names a component by its ID ("EmissionFilter/&lt;uuid&gt;" or a bare
    /// uuid) that the file does not hold: a dangling link would silently lose what the file says is connected.
    /// Free text in a link field ("TESM Camera filter wheel") is not an ID and stays an unmapped value.
    /// </summary>
    public void CheckLink(string reference, string path)
    {
        var id = reference.Trim();
        if (id.Contains('/', StringComparison.Ordinal)) id = id[(id.LastIndexOf('/') + 1)..];
        // Against a known configuration every ID-like reference must resolve; free text ("TESM Camera filter wheel") never names one.
        bool known = Options.ConfigurationComponent is not null;
        if (!(LooksLikeId(id) || (known && id.Length > 0 && !id.Any(char.IsWhiteSpace))) || ResolveComponent(reference) is not null) return;
        string where = known ? "which is neither in the file nor a component of the configuration it is registered against" : "which is not in the file";
        if (Options.KeepDanglingLinks) { Report.Warnings.Add($"{path}: links to component '{id}', {where}; kept as an unmapped field"); return; }
        throw new MmaImportException($"{path}: links to component '{id}', {where} (a dangling link); nothing was imported");
    }

    public string Mint(string path) => Options.BaseIri + path;

    public static string Segment(string s) => Uri.EscapeDataString(s.Trim());
}
