using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace PhdResolver.Rdf;

/// <summary>
/// A small direct-mapped cache from the raw bytes (or chars) of a token to the term it spells,
/// so that repeated IRIs (predicates, types, subjects of grouped triples) and common literals
/// are decoded and allocated once. Terms are immutable, so sharing them is safe. Keys are
/// copied into per-slot buffers that are reused, so a miss allocates only the new term.
/// <para>
/// Size: the table starts at <see cref="StartBits"/> and grows (x4, keeping what it holds) to
/// 2^<paramref name="bits"/> slots once the misses outnumber its slots twice over. A parser makes four of these
/// per document, and at full size they are about 270 KB of large-object heap, allocated and
/// cleared per parse: for the many small documents of a bulk import (a few KB each, parsed in
/// parallel) that was more than half of the parse and most of its garbage collections. A large
/// document reaches full size within its first few thousand distinct terms.
/// </para>
/// </summary>
internal sealed class TermCache<TKey>(int bits = 12, int maxKey = 256) where TKey : unmanaged, IEquatable<TKey>
{
    private const int StartBits = 6;

    private Slot[] _slots = new Slot[1 << Math.Min(bits, StartBits)];
    private int _mask = (1 << Math.Min(bits, StartBits)) - 1;
    private int _misses; // Set calls since the table last grew
    private bool _empty = true;

    private struct Slot
    {
        public TKey[]? Key;
        public int Length;
        public Term? Value;
    }

    public int MaxKeyLength => maxKey;

    /// <summary>Forgets everything (e.g. when a prefix or the base IRI changes meaning). Free while nothing is cached
    /// (a prologue's @prefix lines, before any term was read).</summary>
    public void Clear()
    {
        if (_empty) return;
        Array.Clear(_slots);
        _empty = true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Term? Get(ReadOnlySpan<TKey> key, out int slot)
    {
        slot = (int)Hash(key) & _mask;
        ref var s = ref _slots[slot];
        if (s.Length == key.Length && s.Value is not null && key.SequenceEqual(s.Key.AsSpan(0, s.Length)))
            return s.Value;
        return null;
    }

    /// <summary>Caches <paramref name="value"/> in <paramref name="slot"/>, the slot <see cref="Get"/> gave for <paramref name="key"/> (no call in between).</summary>
    public void Set(int slot, ReadOnlySpan<TKey> key, Term value)
    {
        if (key.Length > maxKey) return;
        if (++_misses > 2 * _slots.Length && _slots.Length < 1 << bits)
        {
            Grow();
            slot = (int)Hash(key) & _mask;
        }
        ref var s = ref _slots[slot];
        if (s.Key is null || s.Key.Length < key.Length) s.Key = new TKey[Math.Max(key.Length, 64)];
        key.CopyTo(s.Key);
        s.Length = key.Length;
        s.Value = value;
        _empty = false;
    }

    /// <summary>Four times the slots (at most 2^bits), the cached entries rehashed into them (their key buffers move along).</summary>
    private void Grow()
    {
        var old = _slots;
        int size = Math.Min(old.Length * 4, 1 << bits);
        _slots = new Slot[size];
        _mask = size - 1;
        _misses = 0;
        foreach (var s in old)
            if (s.Value is not null) _slots[(int)Hash(s.Key.AsSpan(0, s.Length)) & _mask] = s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(ReadOnlySpan<TKey> key)
    {
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(key);
        ulong h = 0x9E3779B97F4A7C15UL ^ (ulong)bytes.Length;
        int i = 0;
        for (; i + 8 <= bytes.Length; i += 8)
            h = (BitOperations.RotateLeft(h, 23) ^ BinaryPrimitives.ReadUInt64LittleEndian(bytes[i..])) * 0xFF51AFD7ED558CCDUL;
        if (i < bytes.Length)
        {
            // The last (overlapping) 8 bytes, or the few bytes there are.
            ulong tail = 0;
            if (bytes.Length >= 8) tail = BinaryPrimitives.ReadUInt64LittleEndian(bytes[^8..]);
            else for (; i < bytes.Length; i++) tail = (tail << 8) | bytes[i];
            h = (BitOperations.RotateLeft(h, 23) ^ tail) * 0xFF51AFD7ED558CCDUL;
        }
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        return (uint)h;
    }
}
