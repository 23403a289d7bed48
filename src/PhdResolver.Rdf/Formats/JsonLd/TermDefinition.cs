using System.Text.Json.Nodes;

namespace PhdResolver.Rdf.JsonLd;

/// <summary>
/// A term definition of an active context (JSON-LD 1.1 API §4.1). Immutable once the Create
/// Term Definition algorithm has built it; contexts share definitions between clones.
/// </summary>
public sealed class TermDefinition
{
    private static readonly HashSet<string> s_noContainers = [];

    /// <summary>The IRI (or keyword, or blank node identifier) the term maps to; null for a term explicitly mapped to null.</summary>
    public string? IriMapping { get; internal set; }

    /// <summary>True when the term may be used as the prefix of a compact IRI.</summary>
    public bool Prefix { get; internal set; }

    public bool Protected { get; internal set; }

    /// <summary>True for terms defined with @reverse.</summary>
    public bool ReverseProperty { get; internal set; }

    /// <summary>The base URL of the context that defined the term (scoped contexts resolve against it).</summary>
    public string? BaseUrl { get; internal set; }

    /// <summary>True when the definition has a scoped context (which may itself be JSON null).</summary>
    public bool HasContext { get; internal set; }

    /// <summary>The scoped (@context) local context, as written; see <see cref="HasContext"/>.</summary>
    public JsonNode? Context { get; internal set; }

    /// <summary>The @container values (empty when none).</summary>
    public IReadOnlySet<string> ContainerMapping { get; internal set; } = s_noContainers;

    /// <summary>True when the definition has a direction mapping (its value may be null, meaning "no direction").</summary>
    public bool HasDirection { get; internal set; }

    /// <summary>"ltr", "rtl", or null (see <see cref="HasDirection"/>).</summary>
    public string? Direction { get; internal set; }

    /// <summary>The @index mapping (property-valued index), or null.</summary>
    public string? Index { get; internal set; }

    /// <summary>True when the definition has a language mapping (its value may be null, meaning "no language").</summary>
    public bool HasLanguage { get; internal set; }

    /// <summary>The language mapping (see <see cref="HasLanguage"/>).</summary>
    public string? Language { get; internal set; }

    /// <summary>The @nest value, or null.</summary>
    public string? Nest { get; internal set; }

    /// <summary>The type mapping: an IRI, "@id", "@vocab", "@json", "@none", or null.</summary>
    public string? TypeMapping { get; internal set; }

    public bool HasContainer(string container) => ContainerMapping.Contains(container);

    /// <summary>Equality of everything but <see cref="Protected"/> (protected term redefinition check, §4.2 step 27).</summary>
    public bool SameAsIgnoringProtected(TermDefinition other) =>
        IriMapping == other.IriMapping
        && Prefix == other.Prefix
        && ReverseProperty == other.ReverseProperty
        && HasContext == other.HasContext
        && JsonNode.DeepEquals(Context, other.Context)
        && ContainerMapping.SetEquals(other.ContainerMapping)
        && HasDirection == other.HasDirection && Direction == other.Direction
        && Index == other.Index
        && HasLanguage == other.HasLanguage && Language == other.Language
        && Nest == other.Nest
        && TypeMapping == other.TypeMapping;
}
