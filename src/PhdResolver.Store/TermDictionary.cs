using System.Buffers;
using PhdResolver.Rdf;

namespace PhdResolver.Store;

/// <summary>
/// Terms &lt;-&gt; dense ids (1, 2, 3, ...; 0 is the default graph / "no term").
/// <para>
/// Memory: no object per term. Encodings (<see cref="TermCodec"/>) live back to back in 1 MiB
/// byte chunks, each prefixed by its varint length; an id maps to a 64-bit (chunk, offset)
/// locator, and a power-of-two open-addressing table of ids (linear probing, load &lt;= 1/2)
/// finds the id of an encoding. About 12-20 bytes of overhead per term plus its UTF-8 bytes.
/// </para>
/// <para>
/// Concurrency: one writer (the store's write lock) appends; any number of readers decode and
/// look up at the same time. Appended bytes never move, and grown arrays are filled before they
/// are published with a volatile write, so a reader sees either the old or the new array and
/// both hold every id its snapshot can contain. Ids are never reused or removed: terms of a
/// rolled-back transaction stay (unreferenced) and are persisted with the next commit.
/// </para>
/// </summary>
public sealed class TermDictionary
{
    private const int ChunkSize = 1 << 20;

    private byte[][] _chunks = new byte[4][];
    private int _chunkCount;
    private int _chunkPos = ChunkSize; // forces the first chunk
    private ulong[] _locators = new ulong[1024]; // index = id
    private uint[] _slots = new uint[2048];
    private uint _count; // highest id in use
    private long _bytes;

    /// <summary>The highest id allocated so far (ids are 1.._count).</summary>
    public uint Count => Volatile.Read(ref _count);

    /// <summary>Bytes held by the arena, locators and hash table (for memory reports).</summary>
    public long MemoryBytes => (long)_chunkCount * ChunkSize + _locators.Length * 8L + _slots.Length * 4L;

    /// <summary>Bytes of term encodings (payload only).</summary>
    public long PayloadBytes => _bytes;

    // ---- readers

    /// <summary>The encoding of a term id (valid for ids of any published snapshot).</summary>
    public ReadOnlySpan<byte> GetEncoding(uint id)
    {
        if (id == 0 || id > Volatile.Read(ref _count)) throw new ArgumentOutOfRangeException(nameof(id));
        ulong loc = Volatile.Read(ref _locators)[id];
        var chunk = Volatile.Read(ref _chunks)[(int)(loc >> 32)];
        int pos = (int)(uint)loc;
        int len = ReadVarint(chunk, ref pos);
        return new ReadOnlySpan<byte>(chunk, pos, len);
    }

    public Term GetTerm(uint id) => TermCodec.Decode(GetEncoding(id), GetIri);

    private Iri GetIri(uint id) => (Iri)GetTerm(id);

    public TermKind KindOf(uint id) => GetEncoding(id)[0] switch
    {
        TermCodec.Iri => TermKind.Iri,
        TermCodec.BlankNode => TermKind.BlankNode,
        _ => TermKind.Literal,
    };

    /// <summary>The id of a term, if the dictionary has it. Never allocates an id.</summary>
    public bool TryGetId(Term term, out uint id)
    {
        id = 0;
        uint dt = 0;
        if (term is Literal { Language: null } l && !l.IsSimple && !TryGetId(l.Datatype, out dt)) return false;
        int len = TermCodec.EncodedLength(term);
        byte[]? rented = null;
        Span<byte> buf = len <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(len));
        try
        {
            int n = TermCodec.Encode(term, dt, buf);
            id = Find(buf[..n], TermCodec.Hash(buf[..n]));
            return id != 0;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private uint Find(ReadOnlySpan<byte> enc, ulong hash)
    {
        var slots = Volatile.Read(ref _slots);
        int mask = slots.Length - 1;
        for (int i = (int)hash & mask; ; i = (i + 1) & mask)
        {
            uint id = Volatile.Read(ref slots[i]);
            if (id == 0) return 0;
            if (GetEncoding(id).SequenceEqual(enc)) return id;
        }
    }

    // ---- the writer (callers hold the store's write lock)

    /// <summary>The id of a term, allocating one when new.</summary>
    internal uint Intern(Term term)
    {
        uint dt = term is Literal { Language: null } l && !l.IsSimple ? Intern(l.Datatype) : 0;
        int len = TermCodec.EncodedLength(term);
        byte[]? rented = null;
        Span<byte> buf = len <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(len));
        try
        {
            int n = TermCodec.Encode(term, dt, buf);
            return InternEncoded(buf[..n]);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    internal uint InternEncoded(ReadOnlySpan<byte> enc)
    {
        ulong hash = TermCodec.Hash(enc);
        uint found = Find(enc, hash);
        return found != 0 ? found : Append(enc, hash);
    }

    /// <summary>A new blank node with a label no stored term has: "n" + its own id when free
    /// (ids are never reused, so such labels are unique unless a caller chose one).</summary>
    internal uint InternFreshBlankNode()
    {
        Span<byte> buf = stackalloc byte[32];
        uint next = _count + 1;
        for (int attempt = 0; ; attempt++)
        {
            buf[0] = TermCodec.BlankNode;
            buf[1] = (byte)'n';
            int n = 2;
            next.TryFormat(buf[n..], out int w, default, System.Globalization.CultureInfo.InvariantCulture);
            n += w;
            if (attempt > 0)
            {
                buf[n++] = (byte)'x';
                attempt.TryFormat(buf[n..], out w, default, System.Globalization.CultureInfo.InvariantCulture);
                n += w;
            }
            var enc = buf[..n];
            ulong hash = TermCodec.Hash(enc);
            if (Find(enc, hash) == 0) return Append(enc, hash);
        }
    }

    /// <summary>Appends an encoding known to be new (loading from SQLite); returns its id.</summary>
    internal uint Append(ReadOnlySpan<byte> enc) => Append(enc, TermCodec.Hash(enc));

    private uint Append(ReadOnlySpan<byte> enc, ulong hash)
    {
        uint id = _count + 1;
        if (id == uint.MaxValue) throw new InvalidOperationException("term dictionary full");
        int need = VarintLength(enc.Length) + enc.Length;
        if (_chunkPos + need > ChunkSize || _chunkCount == 0)
        {
            if (_chunkCount == _chunks.Length)
            {
                var grown = new byte[_chunks.Length * 2][];
                Array.Copy(_chunks, grown, _chunkCount);
                Volatile.Write(ref _chunks, grown);
            }
            // A term larger than a chunk gets a chunk of its own.
            _chunks[_chunkCount++] = new byte[Math.Max(ChunkSize, need)];
            _chunkPos = 0;
        }
        var chunk = _chunks[_chunkCount - 1];
        int pos = _chunkPos;
        ulong loc = ((ulong)(uint)(_chunkCount - 1) << 32) | (uint)pos;
        WriteVarint(chunk, ref pos, enc.Length);
        enc.CopyTo(chunk.AsSpan(pos));
        _chunkPos = chunk.Length > ChunkSize ? ChunkSize : pos + enc.Length;
        _bytes += enc.Length;

        if (id >= _locators.Length)
        {
            var grown = new ulong[_locators.Length * 2];
            Array.Copy(_locators, grown, _locators.Length);
            Volatile.Write(ref _locators, grown);
        }
        _locators[id] = loc;
        if ((long)id * 2 > _slots.Length) Rehash(_slots.Length * 2); // over ids 1..id-1
        Volatile.Write(ref _count, id); // the id is decodable from here on
        InsertSlot(_slots, id, hash);
        return id;
    }

    private static void InsertSlot(uint[] slots, uint id, ulong hash)
    {
        int mask = slots.Length - 1;
        int i = (int)hash & mask;
        while (slots[i] != 0) i = (i + 1) & mask;
        Volatile.Write(ref slots[i], id);
    }

    private void Rehash(int size)
    {
        var slots = new uint[size];
        for (uint id = 1; id <= _count; id++)
            InsertSlot(slots, id, TermCodec.Hash(GetEncoding(id)));
        Volatile.Write(ref _slots, slots);
    }

    private static int ReadVarint(byte[] b, ref int pos)
    {
        int v = 0, shift = 0;
        while (true)
        {
            byte x = b[pos++];
            v |= (x & 0x7f) << shift;
            if (x < 0x80) return v;
            shift += 7;
        }
    }

    private static void WriteVarint(byte[] b, ref int pos, int v)
    {
        uint u = (uint)v;
        while (u >= 0x80) { b[pos++] = (byte)(u | 0x80); u >>= 7; }
        b[pos++] = (byte)u;
    }

    private static int VarintLength(int v) => v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}
