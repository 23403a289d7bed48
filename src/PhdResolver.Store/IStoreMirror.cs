using PhdResolver.Rdf;

namespace PhdResolver.Store;

/// <summary>
/// A copy of the store's named graphs kept elsewhere in the same logical transaction (a remote SPARQL store written by
/// Graph Store Protocol: <c>phd serve --sparql-store</c>). Set with <see cref="QuadStore.Mirror"/>.
/// <para><see cref="Write"/> runs inside every commit that changes quads: after the system of record has the quads and
/// the participant its rows, after the new index version is built (with indexes), right before COMMIT, so that everything local that
/// can fail has failed first. If it throws, the transaction rolls back and the exception propagates: the write is not
/// acknowledged. The one step after it, COMMIT itself, can still fail (or the process die before it): the store then
/// calls <see cref="Completed"/> with false when it can, and a mirror must in any case be able to repair the graphs it
/// was writing from a journal of its own that it made durable before writing (the remote is then ahead).</para>
/// </summary>
public interface IStoreMirror
{
    void Write(MirrorCommit commit);

    /// <summary>After a commit whose <see cref="Write"/> ran: <paramref name="committed"/> false when it rolled back.</summary>
    void Completed(MirrorCommit commit, bool committed);
}

/// <summary>One commit as a mirror sees it: the graphs it changed, the state after it, and the transaction.</summary>
public sealed class MirrorCommit
{
    private readonly uint[] _graphs;
    private readonly TermDictionary _dictionary;

    internal MirrorCommit(IStoreTransaction transaction, IQuadSnapshot after, TermDictionary dictionary, uint[] graphs, ulong fingerprint)
    {
        Transaction = transaction;
        After = after;
        _dictionary = dictionary;
        _graphs = graphs;
        Fingerprint = fingerprint;
    }

    /// <summary>The open transaction (a mirror records how far the remote is confirmed in it).</summary>
    public IStoreTransaction Transaction { get; }

    /// <summary>
    /// The store as it will be once this commit is durable: the changed graphs' new content is read here, during
    /// <see cref="IStoreMirror.Write"/> only. With indexes the new index version; without them a view of the commit's own
    /// open transaction (reads run on its connection, one graph at a time, nothing of the store held in memory).
    /// </summary>
    public IQuadSnapshot After { get; }

    /// <summary><see cref="QuadStore.Fingerprint"/> of <see cref="After"/>.</summary>
    public ulong Fingerprint { get; }

    /// <summary>The graphs with a quad added or removed, ascending by id; null is the default graph.</summary>
    public IEnumerable<Term?> Graphs
    {
        get
        {
            foreach (uint g in _graphs) yield return g == IdQuad.DefaultGraph ? null : _dictionary.GetTerm(g);
        }
    }

    /// <summary>The distinct graph ids of SPOG keys (G is their last component), ascending.</summary>
    internal static uint[] GraphsOf(Key[] adds, Key[] dels)
    {
        var set = new HashSet<uint>();
        foreach (var k in adds) set.Add(k.D);
        foreach (var k in dels) set.Add(k.D);
        var list = set.ToArray();
        Array.Sort(list);
        return list;
    }
}

/// <summary>
/// An order-independent 64-bit digest of a set of quads as ids: the XOR of a strong mix of each quad. Adding or removing
/// one quad flips it by that quad's mix, so a commit updates it from its own changes alone (<c>adds</c> were absent
/// and <c>dels</c> present: each changes the set by exactly one quad). Two different sets of a store collide with
/// probability 2^-64 per comparison. Ids are the store's own, so a rebuilt store (a restore) has another digest: the
/// mirror then pushes everything again, which is correct, merely slow.
/// </summary>
internal static class QuadDigest
{
    public static ulong Of(in Key spog)
    {
        ulong h = Mix(spog.Hi ^ 0x9E3779B97F4A7C15UL);
        return Mix(h ^ spog.Lo ^ 0xD1B54A32D192ED03UL);
    }

    public static ulong Of(Key[] keys)
    {
        ulong x = 0;
        foreach (var k in keys) x ^= Of(k);
        return x;
    }

    public static ulong Of(IndexSet indexes)
    {
        ulong x = 0;
        var e = indexes.Scan(IndexOrder.Spog);
        while (e.MoveNext())
        {
            var q = e.Current;
            x ^= Of(new Key(q.S, q.P, q.O, q.G));
        }
        return x;
    }

    /// <summary>One streamed pass over the quads table in the snapshot's transaction.</summary>
    public static ulong Of(LeanSnapshot snapshot)
    {
        ulong x = 0;
        snapshot.ScanKeys(k => x ^= Of(k));
        return x;
    }

    /// <summary>SplitMix64's finaliser: every input bit changes about half the output bits.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
