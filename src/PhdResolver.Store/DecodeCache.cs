using PhdResolver.Rdf;

namespace PhdResolver.Store;

/// <summary>Direct-mapped cache of decoded terms for one pass over quads: predicates, classes and graph names repeat a
/// lot, and decoding allocates a term each time.</summary>
internal sealed class DecodeCache(Func<uint, Term> decode)
{
    private readonly uint[] _ids = new uint[1024];
    private readonly Term?[] _terms = new Term?[1024];

    public Term Get(uint id)
    {
        int slot = (int)(id & 1023);
        if (_ids[slot] == id && _terms[slot] is { } t) return t;
        t = decode(id);
        _ids[slot] = id;
        _terms[slot] = t;
        return t;
    }
}
