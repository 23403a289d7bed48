using System.Globalization;
using PhdResolver.Rdf;
using PhdResolver.Sparql.Syntax;

namespace PhdResolver.Sparql;

/// <summary>
/// Hand-written recursive-descent parser for SPARQL 1.1 Query and Update (grammar of §19 of both
/// specifications). It produces a syntax tree close to the text; <see cref="AlgebraBuilder"/>
/// translates queries to algebra. Static rules the grammar alone cannot express (scoping of BIND and
/// SELECT expressions, grouping, blank node label scope, update restrictions) are checked here.
/// </summary>
public sealed partial class SparqlParser
{
    private readonly List<Token> _t;
    private readonly string _text;
    private int _i;
    private string? _base;
    private readonly Dictionary<string, string> _prefixes = new(StringComparer.Ordinal);

    // Blank node labels: each label belongs to one basic graph pattern (or template/data block).
    private Dictionary<string, int> _labelScope = new(StringComparer.Ordinal);
    private Dictionary<string, BlankNode> _labels = new(StringComparer.Ordinal);
    private int _scopeCounter;
    private int _currentScope = -1;
    private int _anonCounter;
    private string _noBlanksIn = "here";

    /// <summary>
    /// How deeply a query may nest: 256 levels. Every later stage (algebra builder, optimizer,
    /// evaluator, expression evaluation, SSE writer) walks the tree recursively, and a stack
    /// overflow cannot be caught in .NET: it ends the process. So the parser bounds the depth of
    /// the tree it builds, not only the nesting of brackets. A level is an opening bracket
    /// (<c>( { [</c>, a function call, a collection, a property path group), and also each further
    /// operand of a chain of binary operators (<c>1+1+1</c> is a tree of depth 3), each group element
    /// after a leading triples block (the elements become a left-deep chain of Join, LeftJoin,
    /// Extend and Filter, so a nested group costs two levels), each UNION
    /// branch and each SELECT expression. The real tree depth is at most about twice this count,
    /// which the recursive stages handle in well under 1 MB of stack.
    /// </summary>
    public const int MaxNesting = 256;

    private int _depth;

    /// <summary>One level deeper; callers restore <c>_depth</c> when their construct ends
    /// (an exception abandons the parser, so no finally is needed).</summary>
    private void Deeper()
    {
        if (++_depth > MaxNesting)
            throw Fail($"the query nests more than {MaxNesting} levels deep (brackets, groups, collections and each operand of an operator chain or group count as a level); simplify it");
    }

    private SparqlParser(string text, string? baseIri)
    {
        _t = Tokenizer.Tokenize(text, out _text);
        _base = baseIri;
    }

    /// <summary>Parses a SPARQL 1.1 query.</summary>
    /// <exception cref="SparqlSyntaxException">with the 1-based line and column of the problem.</exception>
    public static Query ParseQuery(string text, string? baseIri = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var p = new SparqlParser(text, baseIri);
        return p.QueryUnit();
    }

    /// <summary>Parses a SPARQL 1.1 update request (operations separated by ';').</summary>
    public static UpdateRequest ParseUpdate(string text, string? baseIri = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var p = new SparqlParser(text, baseIri);
        return p.UpdateUnit();
    }

    // ---- token helpers ----

    private Token Cur => _t[_i];

    private Token PeekTok(int k = 1) => _t[Math.Min(_i + k, _t.Count - 1)];

    private Token Advance()
    {
        var t = _t[_i];
        if (_i < _t.Count - 1) _i++;
        return t;
    }

    private bool AtWord(string w) => Cur.IsWord(w);

    private bool AtPunct(string p) => Cur.IsPunct(p);

    private bool AcceptWord(string w)
    {
        if (!Cur.IsWord(w)) return false;
        _i++;
        return true;
    }

    private bool AcceptPunct(string p)
    {
        if (!Cur.IsPunct(p)) return false;
        _i++;
        return true;
    }

    private void ExpectPunct(string p)
    {
        if (!AcceptPunct(p)) throw Fail($"expected '{p}' but found {Cur.Describe()}");
    }

    private void ExpectWord(string w)
    {
        if (!AcceptWord(w)) throw Fail($"expected '{w}' but found {Cur.Describe()}");
    }

    private SparqlSyntaxException Fail(string message) => Tokenizer.Error(_text, Cur.Start, message);

    private SparqlSyntaxException FailAt(Token at, string message) => Tokenizer.Error(_text, at.Start, message);

    // ---- prologue and terms ----

    private void Prologue()
    {
        while (true)
        {
            if (AcceptWord("BASE"))
            {
                var tok = Cur;
                if (tok.Kind != TokenKind.IriRef) throw Fail($"expected an IRI after BASE but found {tok.Describe()}");
                _i++;
                _base = IriResolver.Resolve(_base, tok.Text);
            }
            else if (AcceptWord("PREFIX"))
            {
                var pn = Cur;
                if (pn.Kind != TokenKind.PName || pn.Local!.Length != 0)
                    throw Fail($"expected a prefix name such as 'ex:' after PREFIX but found {pn.Describe()}");
                _i++;
                var iri = Cur;
                if (iri.Kind != TokenKind.IriRef) throw Fail($"expected an IRI for prefix '{pn.Text}:' but found {iri.Describe()}");
                _i++;
                _prefixes[pn.Text] = IriResolver.Resolve(_base, iri.Text);
            }
            else return;
        }
    }

    private bool AtIri => Cur.Kind is TokenKind.IriRef or TokenKind.PName;

    private Iri ParseIri()
    {
        var tok = Cur;
        if (tok.Kind == TokenKind.IriRef) { _i++; return new Iri(IriResolver.Resolve(_base, tok.Text)); }
        if (tok.Kind == TokenKind.PName)
        {
            _i++;
            if (!_prefixes.TryGetValue(tok.Text, out var ns)) throw FailAt(tok, $"undefined prefix '{tok.Text}:'");
            return new Iri(ns + tok.Local);
        }
        throw Fail($"expected an IRI but found {tok.Describe()}");
    }

    private Var ParseVar()
    {
        var tok = Cur;
        if (tok.Kind != TokenKind.Var) throw Fail($"expected a variable but found {tok.Describe()}");
        _i++;
        return new Var(tok.Text);
    }

    private BlankNode LabelledBlank(Token tok)
    {
        if (_currentScope < 0) throw FailAt(tok, "blank nodes are not allowed " + _noBlanksIn);
        if (_labelScope.TryGetValue(tok.Text, out int scope))
        {
            if (scope != _currentScope)
                throw FailAt(tok, $"blank node label '_:{tok.Text}' is already used in another basic graph pattern");
        }
        else
        {
            _labelScope[tok.Text] = _currentScope;
            _labels[tok.Text] = new BlankNode(tok.Text);
        }
        return _labels[tok.Text];
    }

    private BlankNode AnonBlank(Token at)
    {
        if (_currentScope < 0) throw FailAt(at, "blank nodes are not allowed " + _noBlanksIn);
        // '.' cannot start a blank node label, so these never collide with labels from the text.
        return new BlankNode("." + (_anonCounter++).ToString(CultureInfo.InvariantCulture));
    }

    private int NewScope() => ++_scopeCounter;

    /// <summary>RDFLiteral | NumericLiteral | BooleanLiteral, or null if the current token starts none.</summary>
    private Literal? TryLiteral()
    {
        var tok = Cur;
        switch (tok.Kind)
        {
            case TokenKind.String:
                _i++;
                if (Cur.Kind == TokenKind.LangTag) { var lang = Advance(); return new Literal(tok.Text, lang.Text); }
                if (AcceptPunct("^^")) return new Literal(tok.Text, ParseIri());
                return new Literal(tok.Text);
            case TokenKind.Integer: _i++; return new Literal(tok.Text, Vocab.Xsd.Integer);
            case TokenKind.Decimal: _i++; return new Literal(tok.Text, Vocab.Xsd.Decimal);
            case TokenKind.Double: _i++; return new Literal(tok.Text, Vocab.Xsd.Double);
            case TokenKind.Word when tok.IsWord("true") || tok.IsWord("false"):
                // Keywords, true and false included, are case-insensitive (§19.8); keep the canonical form.
                _i++;
                return new Literal(tok.Text.ToLowerInvariant(), Vocab.Xsd.Boolean);
            case TokenKind.Punct when (tok.Text is "+" or "-") && IsNumber(PeekTok().Kind) && PeekTok().Start == tok.End:
                {
                    _i++;
                    var num = Advance();
                    string lex = tok.Text + num.Text;
                    return new Literal(lex, num.Kind switch
                    {
                        TokenKind.Integer => Vocab.Xsd.Integer,
                        TokenKind.Decimal => Vocab.Xsd.Decimal,
                        _ => Vocab.Xsd.Double,
                    });
                }
            default:
                return null;
        }
    }

    private static bool IsNumber(TokenKind k) => k is TokenKind.Integer or TokenKind.Decimal or TokenKind.Double;

    /// <summary>VarOrTerm (Var | GraphTerm), or null if the current token starts none.</summary>
    private PatternTerm? TryVarOrTerm()
    {
        var tok = Cur;
        switch (tok.Kind)
        {
            case TokenKind.Var: _i++; return new Var(tok.Text);
            case TokenKind.IriRef:
            case TokenKind.PName: return new TermNode(ParseIri());
            case TokenKind.BlankNodeLabel: _i++; return new TermNode(LabelledBlank(tok));
            case TokenKind.Anon: _i++; return new TermNode(AnonBlank(tok));
            case TokenKind.Nil: _i++; return new TermNode(Vocab.Rdf.Nil);
        }
        var lit = TryLiteral();
        return lit is null ? null : new TermNode(lit);
    }

    private PatternTerm ParseVarOrIri()
    {
        if (Cur.Kind == TokenKind.Var) return ParseVar();
        if (AtIri) return new TermNode(ParseIri());
        throw Fail($"expected a variable or an IRI but found {Cur.Describe()}");
    }

    private long ParseInteger(string clause)
    {
        var tok = Cur;
        if (tok.Kind != TokenKind.Integer) throw Fail($"expected an integer after {clause} but found {tok.Describe()}");
        _i++;
        if (!long.TryParse(tok.Text, NumberStyles.None, CultureInfo.InvariantCulture, out long v))
            throw FailAt(tok, $"{clause} value {tok.Text} is too large");
        return v;
    }

    private string ParseString()
    {
        var tok = Cur;
        if (tok.Kind != TokenKind.String) throw Fail($"expected a string but found {tok.Describe()}");
        _i++;
        return tok.Text;
    }
}
