using System.Buffers.Binary;
using System.Text;
using PhdResolver.Rdf;

namespace PhdResolver.Store;

/// <summary>
/// How a term is spelled in the dictionary arena and in the SQLite <c>terms</c> table.
/// One tag byte, then a kind-specific payload whose tail is always the UTF-8 lexical part, so
/// the arena bytes can be handed to SQLite (and read back) without building strings.
/// </summary>
internal static class TermCodec
{
    // Tags are persisted in the terms table: never renumber.
    public const byte BlankNode = 0;      // label
    public const byte Iri = 1;            // value
    public const byte SimpleLiteral = 2;  // lexical (xsd:string: the common case needs no datatype id)
    public const byte LangLiteral = 3;    // [lang length: 1][lang, lower-cased ASCII][lexical]
    public const byte TypedLiteral = 4;   // [datatype id: 4, little endian][lexical]

    private static readonly UTF8Encoding Utf8 = new(false, true);

    /// <summary>Bytes needed to encode <paramref name="t"/>; <paramref name="datatypeId"/> must be resolved by the caller for typed literals.</summary>
    public static int EncodedLength(Term t) => t switch
    {
        Iri i => 1 + Utf8.GetByteCount(i.Value),
        BlankNode b => 1 + Utf8.GetByteCount(b.Id),
        Literal { Language: { } lang } l => 2 + lang.Length + Utf8.GetByteCount(l.Lexical),
        Literal l when l.IsSimple => 1 + Utf8.GetByteCount(l.Lexical),
        Literal l => 5 + Utf8.GetByteCount(l.Lexical),
        _ => throw new ArgumentException("unknown term type", nameof(t)),
    };

    /// <summary>Writes the encoding; returns its length. The caller sized <paramref name="dest"/> with <see cref="EncodedLength"/>.</summary>
    public static int Encode(Term t, uint datatypeId, Span<byte> dest)
    {
        switch (t)
        {
            case Iri i:
                dest[0] = Iri;
                return 1 + Utf8.GetBytes(i.Value, dest[1..]);
            case BlankNode b:
                dest[0] = BlankNode;
                return 1 + Utf8.GetBytes(b.Id, dest[1..]);
            case Literal { Language: { } lang } l:
                {
                    if (lang.Length > 255) throw new ArgumentException("language tag longer than 255 characters");
                    dest[0] = LangLiteral;
                    dest[1] = (byte)lang.Length;
                    for (int k = 0; k < lang.Length; k++)
                    {
                        char c = lang[k];
                        if (c > 0x7f) throw new ArgumentException("language tags are ASCII");
                        // Tags compare case-insensitively (RDF 1.1 §3.3): store one case so equal literals get one id.
                        dest[2 + k] = (byte)(c is >= 'A' and <= 'Z' ? c + 32 : c);
                    }
                    return 2 + lang.Length + Utf8.GetBytes(l.Lexical, dest[(2 + lang.Length)..]);
                }
            case Literal l when l.IsSimple:
                dest[0] = SimpleLiteral;
                return 1 + Utf8.GetBytes(l.Lexical, dest[1..]);
            case Literal l:
                dest[0] = TypedLiteral;
                BinaryPrimitives.WriteUInt32LittleEndian(dest[1..], datatypeId);
                return 5 + Utf8.GetBytes(l.Lexical, dest[5..]);
            default:
                throw new ArgumentException("unknown term type", nameof(t));
        }
    }

    /// <summary>The UTF-8 lexical part (label, IRI value or literal lexical form) of an encoding.</summary>
    public static ReadOnlySpan<byte> LexicalPart(ReadOnlySpan<byte> enc) => enc[0] switch
    {
        LangLiteral => enc[(2 + enc[1])..],
        TypedLiteral => enc[5..],
        _ => enc[1..],
    };

    public static ReadOnlySpan<byte> LanguagePart(ReadOnlySpan<byte> enc) =>
        enc[0] == LangLiteral ? enc.Slice(2, enc[1]) : default;

    public static uint DatatypeIdOf(ReadOnlySpan<byte> enc) =>
        enc[0] == TypedLiteral ? BinaryPrimitives.ReadUInt32LittleEndian(enc[1..]) : 0;

    /// <summary>Builds an encoding from the columns of a <c>terms</c> row.</summary>
    public static int EncodeParts(byte tag, ReadOnlySpan<byte> lexical, uint datatypeId, ReadOnlySpan<byte> lang, Span<byte> dest)
    {
        dest[0] = tag;
        int pos = 1;
        if (tag == LangLiteral)
        {
            dest[1] = (byte)lang.Length;
            lang.CopyTo(dest[2..]);
            pos = 2 + lang.Length;
        }
        else if (tag == TypedLiteral)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(dest[1..], datatypeId);
            pos = 5;
        }
        lexical.CopyTo(dest[pos..]);
        return pos + lexical.Length;
    }

    public static int PartsLength(byte tag, int lexicalLength, int langLength) => tag switch
    {
        LangLiteral => 2 + langLength + lexicalLength,
        TypedLiteral => 5 + lexicalLength,
        _ => 1 + lexicalLength,
    };

    /// <summary>Decodes; typed literals ask <paramref name="datatype"/> for their datatype IRI.</summary>
    public static Term Decode(ReadOnlySpan<byte> enc, Func<uint, Iri> datatype)
    {
        var lex = Utf8.GetString(LexicalPart(enc));
        return enc[0] switch
        {
            Iri => new Iri(lex),
            BlankNode => new BlankNode(lex),
            SimpleLiteral => new Literal(lex),
            LangLiteral => new Literal(lex, Encoding.ASCII.GetString(LanguagePart(enc))),
            TypedLiteral => new Literal(lex, datatype(DatatypeIdOf(enc))),
            _ => throw new InvalidDataException($"bad term tag {enc[0]}"),
        };
    }

    /// <summary>A 64-bit hash of an encoding (multiply-rotate over 8-byte words; quality is enough for linear probing).</summary>
    public static ulong Hash(ReadOnlySpan<byte> s)
    {
        const ulong M = 0x9E3779B97F4A7C15UL;
        ulong h = (ulong)s.Length * M;
        int i = 0;
        for (; i + 8 <= s.Length; i += 8)
        {
            h ^= BinaryPrimitives.ReadUInt64LittleEndian(s[i..]);
            h = System.Numerics.BitOperations.RotateLeft(h * M, 29);
        }
        ulong tail = 0;
        for (int k = 0; i < s.Length; i++, k += 8) tail |= (ulong)s[i] << k;
        h ^= tail;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53UL;
        h ^= h >> 33;
        return h;
    }
}
