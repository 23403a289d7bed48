using PhdResolver.Rdf;

namespace PhdResolver.Nboq;

/// <summary>A subject -> (predicate, object) index over a dataset, enough for reading vocabularies and shapes.</summary>
internal sealed class GraphIndex
{
    private readonly Dictionary<Term, List<(Term P, Term O)>> _bySubject = [];

    public GraphIndex(IEnumerable<Quad> quads)
    {
        foreach (var q in quads)
        {
            if (!_bySubject.TryGetValue(q.Subject, out var list)) _bySubject[q.Subject] = list = [];
            list.Add((q.Predicate, q.Object));
        }
    }

    public IEnumerable<Term> Subjects => _bySubject.Keys;

    public IEnumerable<Term> Objects(Term s, Iri p) =>
        _bySubject.TryGetValue(s, out var l) ? l.Where(x => x.P == p).Select(x => x.O) : [];

    public Term? Object(Term s, Iri p) => Objects(s, p).FirstOrDefault();

    /// <summary>The members of an RDF list.</summary>
    public List<Term> List(Term head)
    {
        var result = new List<Term>();
        var seen = new HashSet<Term>();
        for (var n = head; n != Vocab.Rdf.Nil && seen.Add(n);)
        {
            var first = Object(n, Vocab.Rdf.First);
            var rest = Object(n, Vocab.Rdf.Rest);
            if (first is null || rest is null) break;
            result.Add(first);
            n = rest;
        }
        return result;
    }
}
