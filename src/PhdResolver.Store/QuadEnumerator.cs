namespace PhdResolver.Store;

/// <summary>
/// Streams the quads of one index range: a three-way merge of base, recent adds and tombstones,
/// with per-quad checks for bound components outside the range prefix. A struct over array
/// references: no allocation per result, and it keeps its snapshot's arrays alive.
/// </summary>
public struct QuadEnumerator
{
    // Not readonly: an index nested-loop join re-opens one enumerator in place per outer row
    // (Init) instead of building a ~100-byte struct and copying it through three frames.
    private Key[] _base, _adds, _dels;
    private IndexOrder _order;
    private int _be, _ae, _de;
    private int _bi, _ai, _di;
    private uint _s, _p, _o, _g;
    private byte _check; // bits: 1 s, 2 p, 4 o, 8 g to compare per quad
    private MatchFlags _flags;
    private bool _hasLast;
    private IdQuad _current;
    private IEnumerator<IdQuad>? _source; // FromSource: quads another dataset produces

    /// <summary>A <see cref="_check"/> bit: the quads come from <see cref="_source"/>, not the arrays.</summary>
    private const byte FromSourceBit = 16;

    /// <summary>
    /// An enumerator over quads an <see cref="IQueryableDataset"/> produces itself (another backend):
    /// the embedded indexes' fast path pays nothing for it (the bit that routes here is one of the
    /// per-quad checks that already turn that path off), their slow path one bit test per quad.
    /// </summary>
    public static QuadEnumerator FromSource(IEnumerator<IdQuad> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var e = default(QuadEnumerator);
        e._base = e._adds = e._dels = SortedKeys.Empty;
        e._check = FromSourceBit;
        e._source = source;
        return e;
    }

    internal QuadEnumerator(OrderedIndex idx, Key lo, Key hi, uint? s, uint? p, uint? o, uint? g, bool filtered, MatchFlags flags)
    {
        _base = _adds = _dels = SortedKeys.Empty;
        Init(idx, lo, hi, s ?? 0, p ?? 0, o ?? 0, g ?? 0,
            filtered ? (byte)((s is null ? 0 : 1) | (p is null ? 0 : 2) | (o is null ? 0 : 4) | (g is null ? 0 : 8)) : (byte)0, flags);
    }

    /// <summary>(Re)starts the enumerator on <paramref name="idx"/>'s range [lo, hi]; <paramref name="check"/>
    /// names the bound components outside the range prefix, compared per quad.</summary>
    internal void Init(OrderedIndex idx, Key lo, Key hi, uint s, uint p, uint o, uint g, byte check, MatchFlags flags)
    {
        _order = idx.Order;
        _base = idx.Base; _adds = idx.Adds; _dels = idx.Dels;
        idx.BaseRange(lo, hi, out _bi, out _be);
        if (_adds.Length == 0) _ai = _ae = 0;
        else { _ai = SortedKeys.LowerBound(_adds, lo); _ae = SortedKeys.UpperBound(_adds, hi); }
        if (_dels.Length == 0) _di = _de = 0;
        else { _di = SortedKeys.LowerBound(_dels, lo); _de = SortedKeys.UpperBound(_dels, hi); }
        _s = s; _p = p; _o = o; _g = g;
        _check = check;
        _flags = flags;
        _hasLast = false;
        _current = default;
        _source = null;
    }

    public readonly IdQuad Current => _current;

    public readonly QuadEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        // No overlay keys in range and nothing to check per quad: a plain walk of the base array
        // (the common case for scans and merge-join inputs on a compacted index).
        if (_ai >= _ae && _di >= _de && _check == 0 && _flags == MatchFlags.None)
        {
            if (_bi >= _be) return false;
            _current = _base[_bi++].ToQuad(_order);
            return true;
        }
        if ((_check & FromSourceBit) != 0)
        {
            if (!_source!.MoveNext()) return false;
            _current = _source.Current;
            return true;
        }
        while (true)
        {
            Key k;
            if (_bi < _be)
            {
                if (_ai < _ae && _adds[_ai] < _base[_bi]) k = _adds[_ai++];
                else
                {
                    k = _base[_bi++];
                    while (_di < _de && _dels[_di] < k) _di++;
                    if (_di < _de && _dels[_di] == k) { _di++; continue; }
                }
            }
            else if (_ai < _ae) k = _adds[_ai++];
            else return false;

            var q = k.ToQuad(_order);
            if (_check != 0)
            {
                if ((_check & 1) != 0 && q.S != _s) continue;
                if ((_check & 2) != 0 && q.P != _p) continue;
                if ((_check & 4) != 0 && q.O != _o) continue;
                if ((_check & 8) != 0 && q.G != _g) continue;
            }
            if (_flags != MatchFlags.None)
            {
                if ((_flags & MatchFlags.NamedGraphsOnly) != 0 && q.G == IdQuad.DefaultGraph) continue;
                if ((_flags & MatchFlags.DistinctTriples) != 0)
                {
                    if (_hasLast && q.S == _current.S && q.P == _current.P && q.O == _current.O) continue;
                    _hasLast = true;
                }
            }
            _current = q;
            return true;
        }
    }
}
