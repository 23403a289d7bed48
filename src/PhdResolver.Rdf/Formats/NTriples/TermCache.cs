using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace PhdResolver.Rdf;

/// <summary>
/// A small direct-mapped cache from the raw bytes (or chars) of a token to the term it spells,
/// so that repeated IRIs (predicates, types, subjects of grouped triples) and common literals
/// are decoded and allocated once. Terms are immutable, so sharing them is safe. Keys are
/// copied into per-slot buffers that are reused, so a miss allocates only the new term.
/// </summary>
internal sealed class TermCache<TKey>(int bits = 12, int maxKey = 256) where TKey : unmanaged, IEquatable<TKey>
{
    private readonly Slot[] _slots = new Slot[1 << bits];
    private readonly int _mask = (1 << bits) - 1;

    private struct Slot
    {
        public TKey[]? Key;
        public int Length;
        public Term? Value;
    }

    public int MaxKeyLength => maxKey;

    /// <summary>Forgets everything (e.g. when a prefix or the base IRI changes meaning).</summary>
    public void Clear() => Array.Clear(_slots);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Term? Get(ReadOnlySpan<TKey> key, out int slot)
    {
        slot = (int)Hash(key) & _mask;
        ref var s = ref _slots[slot];
        if (s.Length == key.Length && s.Value is not null && key.SequenceEqual(s.Key.AsSpan(0, s.Length)))
            return s.Value;
        return null;
    }

    public void Set(int slot, ReadOnlySpan<TKey> key, Term value)
    {
        if (key.Length > maxKey) return;
        ref var s = ref _slots[slot];
        if (s.Key is null || s.Key.Length < key.Length) s.Key = new TKey[Math.Max(key.Length, 64)];
        key.CopyTo(s.Key);
        s.Length = key.Length;
        s.Value = value;
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
