using System.Text;
using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Results;

/// <summary>Term spellings shared by the CSV/TSV writers, readers and the comparer.</summary>
public static class ResultTerms
{
    /// <summary>
    /// The CSV form of a term (SPARQL 1.1 CSV §2): IRIs bare, literals by lexical form only,
    /// blank nodes as <c>_:label</c>; unbound is the empty string.
    /// </summary>
    public static string CsvString(Term? t) => t switch
    {
        null => "",
        Iri i => i.Value,
        BlankNode b => "_:" + b.Id,
        Literal l => l.Lexical,
        _ => t.ToString(),
    };

    /// <summary>
    /// Appends a term in the Turtle/N-Triples form TSV uses. Integers, decimals and doubles whose
    /// lexical form is already a Turtle numeric token are written bare (as the W3C examples do);
    /// everything else in canonical N-Triples, which escapes tabs and line ends.
    /// </summary>
    public static void AppendTsv(StringBuilder sb, Term t)
    {
        if (t is Literal l && l.Language is null && IsBareNumber(l)) sb.Append(l.Lexical);
        else NTriplesFormatter.AppendTerm(sb, t);
    }

    /// <summary>True when the literal can be written as a bare Turtle number that reads back as itself.</summary>
    public static bool IsBareNumber(Literal l)
    {
        var dt = l.Datatype.Value;
        var s = l.Lexical;
        if (dt == Vocab.Xsd.Integer.Value) return NumberShape(s) == NumberKind.Integer;
        if (dt == Vocab.Xsd.Decimal.Value) return NumberShape(s) == NumberKind.Decimal;
        if (dt == Vocab.Xsd.Double.Value) return NumberShape(s) == NumberKind.Double;
        return false;
    }

    public enum NumberKind { None, Integer, Decimal, Double }

    /// <summary>Classifies a Turtle numeric token: INTEGER, DECIMAL or DOUBLE (Turtle §6.5), or None.</summary>
    public static NumberKind NumberShape(ReadOnlySpan<char> s)
    {
        int i = 0;
        if (i < s.Length && (s[i] == '+' || s[i] == '-')) i++;
        int intDigits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; intDigits++; }
        int fracDigits = 0;
        bool dot = false;
        if (i < s.Length && s[i] == '.')
        {
            dot = true;
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; fracDigits++; }
        }
        if (intDigits + fracDigits == 0) return NumberKind.None;
        if (i == s.Length)
        {
            if (!dot) return NumberKind.Integer;
            return fracDigits > 0 ? NumberKind.Decimal : NumberKind.None;
        }
        if (s[i] != 'e' && s[i] != 'E') return NumberKind.None;
        i++;
        if (i < s.Length && (s[i] == '+' || s[i] == '-')) i++;
        int expDigits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; expDigits++; }
        return expDigits > 0 && i == s.Length ? NumberKind.Double : NumberKind.None;
    }
}
