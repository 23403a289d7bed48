using System.Globalization;
using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Functions;

public static partial class ExpressionEvaluator
{
    internal readonly partial struct Evaluator
    {
        private Term? BuiltIn(BuiltInCall f)
        {
            var args = f.Args;
            // Functional forms first: they decide themselves which arguments to evaluate and tolerate errors.
            switch (f.Name)
            {
                case "BOUND":
                    return args[0] is VarExpr v ? Bool(_bindings.Get(v.Variable) is not null) : null;
                case "IF":
                    {
                        bool? c = Ebv(args[0]);
                        return c is null ? null : Eval(args[c.Value ? 1 : 2]);
                    }
                case "COALESCE":
                    foreach (var a in args)
                    {
                        var t = Eval(a);
                        if (t is not null) return t;
                    }
                    return null;
                case "RAND":
                    return new Literal(LiteralCanonicalizer.FormatDouble(_context.Random.NextDouble()), Vocab.Xsd.Double);
                case "NOW":
                    return _context.NowLiteral;
                case "UUID":
                    return new Iri("urn:uuid:" + Guid.NewGuid().ToString("D", CultureInfo.InvariantCulture));
                case "STRUUID":
                    return new Literal(Guid.NewGuid().ToString("D", CultureInfo.InvariantCulture));
                case "BNODE":
                    return args.Count == 0 ? BlankNode.Fresh() : BNode(Eval(args[0]));
                case "CONCAT":
                    return StringFunctions.Concat(EvalAll(args));
            }

            // Strict functions: every argument must evaluate without error.
            var a0 = Eval(args[0]);
            if (a0 is null) return null;
            Term? a1 = null, a2 = null, a3 = null;
            if (args.Count > 1 && (a1 = Eval(args[1])) is null) return null;
            if (args.Count > 2 && (a2 = Eval(args[2])) is null) return null;
            if (args.Count > 3 && (a3 = Eval(args[3])) is null) return null;

            switch (f.Name)
            {
                case "STR":
                    return a0 switch
                    {
                        Iri i => new Literal(i.Value),
                        Literal l => l.IsSimple ? l : new Literal(l.Lexical),
                        _ => null,
                    };
                case "LANG":
                    return a0 is Literal ll ? new Literal(ll.Language ?? "") : null;
                case "DATATYPE":
                    return a0 is Literal dl ? dl.Datatype : null;
                case "LANGMATCHES":
                    return StringFunctions.LangMatches(a0, a1!);
                case "SAMETERM":
                    return Bool(a0.Equals(a1));
                case "ISIRI":
                case "ISURI":
                    return Bool(a0 is Iri);
                case "ISBLANK":
                    return Bool(a0 is BlankNode);
                case "ISLITERAL":
                    return Bool(a0 is Literal);
                case "ISNUMERIC":
                    return Bool(XsdTypes.TryNumeric(a0, out _));
                case "IRI":
                case "URI":
                    return MakeIri(a0);
                case "STRLANG":
                    return XsdTypes.IsSimpleOrXsdString(a0) && XsdTypes.IsSimpleOrXsdString(a1) && ((Literal)a1!).Lexical.Length > 0
                        ? new Literal(((Literal)a0).Lexical, ((Literal)a1).Lexical)
                        : null;
                case "STRDT":
                    return XsdTypes.IsSimpleOrXsdString(a0) && a1 is Iri dt && !dt.Equals(Vocab.Rdf.LangString)
                        ? new Literal(((Literal)a0).Lexical, dt)
                        : null;
                case "ABS":
                case "CEIL":
                case "FLOOR":
                case "ROUND":
                    return NumericFunctions.Apply(f.Name, a0);
                case "STRLEN":
                    return StringFunctions.StrLen(a0);
                case "SUBSTR":
                    return StringFunctions.Substr(a0, a1!, a2);
                case "UCASE":
                    return StringFunctions.MapCase(a0, upper: true);
                case "LCASE":
                    return StringFunctions.MapCase(a0, upper: false);
                case "ENCODE_FOR_URI":
                    return StringFunctions.EncodeForUri(a0);
                case "CONTAINS":
                case "STRSTARTS":
                case "STRENDS":
                    return StringFunctions.Test(f.Name, a0, a1!);
                case "STRBEFORE":
                    return StringFunctions.StrBefore(a0, a1!);
                case "STRAFTER":
                    return StringFunctions.StrAfter(a0, a1!);
                case "REGEX":
                    return RegexFunctions.Regex(a0, a1!, a2, _context);
                case "REPLACE":
                    return RegexFunctions.Replace(a0, a1!, a2!, a3, _context);
                case "YEAR":
                case "MONTH":
                case "DAY":
                case "HOURS":
                case "MINUTES":
                case "SECONDS":
                case "TIMEZONE":
                case "TZ":
                    return DateTimeFunctions.Apply(f.Name, a0);
                case "MD5":
                case "SHA1":
                case "SHA256":
                case "SHA384":
                case "SHA512":
                    return Hashes.Apply(f.Name, a0);
                default:
                    return null;
            }
        }

        private Term?[] EvalAll(IReadOnlyList<Expression> args)
        {
            var values = new Term?[args.Count];
            for (int i = 0; i < values.Length; i++) values[i] = Eval(args[i]);
            return values;
        }

        private Term? BNode(Term? label)
        {
            if (!XsdTypes.IsSimpleOrXsdString(label)) return null;
            var map = _context.BNodeScopes.GetValue(_rowScope, static _ => new Dictionary<string, BlankNode>(StringComparer.Ordinal));
            lock (map)
            {
                string key = ((Literal)label!).Lexical;
                if (!map.TryGetValue(key, out var node)) map[key] = node = BlankNode.Fresh();
                return node;
            }
        }

        private Iri? MakeIri(Term a)
        {
            if (a is Iri i) return i;
            if (!XsdTypes.IsSimpleOrXsdString(a)) return null;
            string s = ((Literal)a).Lexical;
            if (IriResolver.IsAbsolute(s)) return new Iri(s);
            if (_context.BaseIri is null) return null;
            return new Iri(IriResolver.Resolve(_context.BaseIri, s));
        }

        private Term? Function(FunctionCall f)
        {
            if (f.Args.Count != 1 || !Casts.IsCast(f.Function)) return null; // no extension functions
            var arg = Eval(f.Args[0]);
            return arg is null ? null : Casts.Cast(f.Function, arg);
        }
    }
}
