using System.Runtime.InteropServices;

namespace PhdResolver.Store;

/// <summary>A quad of term ids. <see cref="G"/> = 0 is the default graph.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct IdQuad(uint S, uint P, uint O, uint G)
{
    public const uint DefaultGraph = 0;
}

/// <summary>The component orders kept sorted. G is last in the three triple orders on purpose:
/// copies of one triple in several graphs are then adjacent, which makes the union default
/// graph (distinct triples over all graphs) a streaming skip of equal neighbours.</summary>
public enum IndexOrder : byte
{
    Spog = 0,
    Posg = 1,
    Ospg = 2,
    Gspo = 3,
    /// <summary>Predicate then subject: a predicate's quads in subject order, for merge joins of
    /// two patterns on one subject variable (<c>?c :componentOf ?cfg ; a ?type</c>).</summary>
    Psog = 4,
}

/// <summary>A quad permuted into one <see cref="IndexOrder"/> and packed into two words, so that
/// ordering is two unsigned compares. 16 bytes: the whole cost of one index entry.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct Key : IComparable<Key>, IEquatable<Key>
{
    public readonly ulong Hi;
    public readonly ulong Lo;

    public Key(uint a, uint b, uint c, uint d)
    {
        Hi = ((ulong)a << 32) | b;
        Lo = ((ulong)c << 32) | d;
    }

    public uint A => (uint)(Hi >> 32);
    public uint B => (uint)Hi;
    public uint C => (uint)(Lo >> 32);
    public uint D => (uint)Lo;

    public int CompareTo(Key other) =>
        Hi != other.Hi ? (Hi < other.Hi ? -1 : 1) : Lo != other.Lo ? (Lo < other.Lo ? -1 : 1) : 0;

    public bool Equals(Key other) => Hi == other.Hi && Lo == other.Lo;
    public override bool Equals(object? obj) => obj is Key k && Equals(k);
    public override int GetHashCode() => HashCode.Combine(Hi, Lo);

    public static bool operator <(Key x, Key y) => x.Hi < y.Hi || (x.Hi == y.Hi && x.Lo < y.Lo);
    public static bool operator >(Key x, Key y) => y < x;
    public static bool operator <=(Key x, Key y) => !(y < x);
    public static bool operator >=(Key x, Key y) => !(x < y);
    public static bool operator ==(Key x, Key y) => x.Equals(y);
    public static bool operator !=(Key x, Key y) => !x.Equals(y);

    public static Key From(IndexOrder order, in IdQuad q) => order switch
    {
        IndexOrder.Spog => new Key(q.S, q.P, q.O, q.G),
        IndexOrder.Posg => new Key(q.P, q.O, q.S, q.G),
        IndexOrder.Ospg => new Key(q.O, q.S, q.P, q.G),
        IndexOrder.Psog => new Key(q.P, q.S, q.O, q.G),
        _ => new Key(q.G, q.S, q.P, q.O),
    };

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public IdQuad ToQuad(IndexOrder order) => order switch
    {
        IndexOrder.Spog => new IdQuad(A, B, C, D),
        IndexOrder.Posg => new IdQuad(C, A, B, D),
        IndexOrder.Ospg => new IdQuad(B, C, A, D),
        IndexOrder.Psog => new IdQuad(B, A, C, D),
        _ => new IdQuad(B, C, D, A),
    };
}
