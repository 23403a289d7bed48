using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Functions;

/// <summary>
/// Value comparison of RDF terms for the SPARQL operators (§17.3) and the ORDER BY order (§15.1).
/// </summary>
internal static class TermComparer
{
    /// <summary>The <c>=</c> operator: value equality for the types SPARQL interprets, RDFterm-equal otherwise.
    /// Null is a type error (two different literals whose values the evaluator cannot know to differ).</summary>
    public static bool? Equal(Term a, Term b)
    {
        if (a is not Literal la || b is not Literal lb) return a.Equals(b);
        var ca = XsdTypes.Classify(la);
        var cb = XsdTypes.Classify(lb);
        if (ca == cb)
        {
            switch (ca)
            {
                case LiteralClass.String:
                    return string.Equals(la.Lexical, lb.Lexical, StringComparison.Ordinal);
                case LiteralClass.LangString:
                    return la.Equals(lb);
                case LiteralClass.Numeric:
                    if (XsdTypes.TryNumeric(la, out var na) && XsdTypes.TryNumeric(lb, out var nb))
                        return NumericValue.Compare(na, nb) == 0; // NaN: unordered, never equal
                    break;
                case LiteralClass.Boolean:
                    if (XsdTypes.TryBoolean(la, out bool ba) && XsdTypes.TryBoolean(lb, out bool bb)) return ba == bb;
                    break;
                case LiteralClass.DateTime:
                case LiteralClass.Date:
                    if (XsdTypes.TryDateTime(la, out var da) && XsdTypes.TryDateTime(lb, out var db))
                    {
                        int? c = XsdDateTime.Compare(da, db);
                        return c.HasValue ? c.Value == 0 : null;
                    }
                    break;
            }
        }
        if (la.Equals(lb)) return true;
        // A language-tagged string is a (string, tag) pair: no typed literal, known or not, has that value.
        if ((ca == LiteralClass.LangString) != (cb == LiteralClass.LangString)) return false;
        // Two well-typed values of different known types differ. An unknown datatype, or an ill-typed
        // lexical form ("xyz"^^xsd:integer denotes no integer, but nobody knows what), is unknown: a
        // type error (open world; the W3C open-eq tests).
        if (ca != cb && WellTyped(la, ca) && WellTyped(lb, cb)) return false;
        return null;
    }

    private static bool WellTyped(Literal l, LiteralClass c) => c switch
    {
        LiteralClass.String or LiteralClass.LangString => true,
        LiteralClass.Numeric => XsdTypes.TryNumeric(l, out _),
        LiteralClass.Boolean => XsdTypes.TryBoolean(l, out _),
        LiteralClass.DateTime or LiteralClass.Date => XsdTypes.TryDateTime(l, out _),
        _ => false,
    };

    /// <summary>
    /// A total order for ORDER BY, MIN and MAX: unbound &lt; blank nodes &lt; IRIs &lt; literals.
    /// Literals fall into groups (strings, language strings, numerics, booleans, dateTimes, others),
    /// ordered by value inside a group where the operators define an order and by datatype and
    /// lexical form otherwise, so that sorting is deterministic even for incomparable values.
    /// </summary>
    public static int CompareForOrderBy(Term? a, Term? b)
    {
        if (ReferenceEquals(a, b)) return 0;
        if (a is null) return -1;
        if (b is null) return 1;
        if (a.Kind != b.Kind) return a.Kind.CompareTo(b.Kind);
        switch (a)
        {
            case BlankNode ba: return string.CompareOrdinal(ba.Id, ((BlankNode)b).Id);
            case Iri ia: return XsdOrder.CompareCodePoints(ia.Value, ((Iri)b).Value);
        }
        var la = (Literal)a;
        var lb = (Literal)b;
        int ga = Group(la), gb = Group(lb);
        if (ga != gb) return ga.CompareTo(gb);
        int c = 0;
        switch (ga)
        {
            case GroupString:
                return XsdOrder.CompareCodePoints(la.Lexical, lb.Lexical);
            case GroupLang:
                c = XsdOrder.CompareCodePoints(la.Lexical, lb.Lexical);
                return c != 0 ? c : string.Compare(la.Language, lb.Language, StringComparison.OrdinalIgnoreCase);
            case GroupNumeric:
                XsdTypes.TryNumeric(la, out var na);
                XsdTypes.TryNumeric(lb, out var nb);
                bool nanA = na.IsNaN, nanB = nb.IsNaN;
                if (nanA || nanB) c = nanA == nanB ? 0 : nanA ? -1 : 1;
                else c = NumericValue.Compare(na, nb) ?? 0;
                break;
            case GroupBoolean:
                XsdTypes.TryBoolean(la, out bool xa);
                XsdTypes.TryBoolean(lb, out bool xb);
                c = xa.CompareTo(xb);
                break;
            case GroupDateTime:
            case GroupDate:
                XsdTypes.TryDateTime(la, out var da);
                XsdTypes.TryDateTime(lb, out var db);
                c = XsdDateTime.Compare(da, db) ?? da.Instant.CompareTo(db.Instant);
                break;
        }
        if (c != 0) return c;
        c = XsdOrder.CompareCodePoints(la.Datatype.Value, lb.Datatype.Value);
        return c != 0 ? c : XsdOrder.CompareCodePoints(la.Lexical, lb.Lexical);
    }

    private const int GroupString = 0, GroupLang = 1, GroupNumeric = 2, GroupBoolean = 3, GroupDateTime = 4, GroupDate = 5, GroupOther = 6;

    private static int Group(Literal l) => XsdTypes.Classify(l) switch
    {
        LiteralClass.String => GroupString,
        LiteralClass.LangString => GroupLang,
        LiteralClass.Numeric => XsdTypes.TryNumeric(l, out _) ? GroupNumeric : GroupOther,
        LiteralClass.Boolean => XsdTypes.TryBoolean(l, out _) ? GroupBoolean : GroupOther,
        LiteralClass.DateTime => XsdTypes.TryDateTime(l, out _) ? GroupDateTime : GroupOther,
        LiteralClass.Date => XsdTypes.TryDateTime(l, out _) ? GroupDate : GroupOther,
        _ => GroupOther,
    };
}
