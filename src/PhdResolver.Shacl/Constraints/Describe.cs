using PhdResolver.Rdf;

namespace PhdResolver.Shacl;

/// <summary>Short, plain renderings of terms for messages.</summary>
internal static class Describe
{
    /// <summary>A literal's lexical form in quotes, an IRI's local name, a blank node as "a blank node".</summary>
    public static string Term(Term? t) => t switch
    {
        null => "nothing",
        Literal l => l.Language is { } lang ? $"\"{l.Lexical}\"@{lang}" : $"\"{l.Lexical}\"",
        Iri => ShaclPath.LocalName(t),
        _ => "a blank node",
    };

    /// <summary>A value node: literals as <see cref="Term"/>, IRIs in full (local names of instance IRIs are often just numbers).</summary>
    public static string Value(Term? t) => t is Iri i ? $"<{i.Value}>" : Term(t);

    /// <summary>"a decimal", "an integer".</summary>
    public static string A(Term t)
    {
        var word = Term(t);
        return (word.Length > 0 && "aeiouAEIOU".Contains(word[0], StringComparison.Ordinal) ? "an " : "a ") + word;
    }

    public static string Terms(IEnumerable<Term> terms) => string.Join(", ", terms.Select(Term));

    /// <summary>"lensNA" for a property shape's path or label; "the node" for node shapes.</summary>
    public static string Subject(ValidationResult r) =>
        r.SourceShape.IsPropertyShape ? r.SourceShape.Label ?? r.ResultPath?.Display ?? "the property" : "the node";
}
