using PhdResolver.Rdf;

namespace PhdResolver.Nboq.Tests;

/// <summary>Tiny query helpers over a Dataset for assertions.</summary>
internal static class Rdf
{
    public const string Nboq = "https://w3id.org/nbo-q/";
    public const string Skos = "http://www.w3.org/2004/02/skos/core#";
    public const string Sh = "http://www.w3.org/ns/shacl#";
    public static readonly Iri Type = Vocab.Rdf.Type;

    public static IEnumerable<Term> Objects(this Dataset d, Term s, string p) =>
        d.Where(q => q.Subject == s && q.Predicate is Iri i && i.Value == p).Select(q => q.Object);

    public static IEnumerable<Term> Subjects(this Dataset d, string p, Term o) =>
        d.Where(q => q.Object == o && q.Predicate is Iri i && i.Value == p).Select(q => q.Subject);

    public static string? Lexical(this Dataset d, Term s, string p) => d.Objects(s, p).OfType<Literal>().FirstOrDefault()?.Lexical;

    public static Dataset LoadRepo(string relative) => Dataset.Load(Path.Combine(Paths.RepoRoot, relative));
}
