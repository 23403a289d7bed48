using PhdResolver.Rdf;
using PhdResolver.Sparql.Syntax;

namespace PhdResolver.Sparql;

public sealed partial class SparqlParser
{
    /// <summary>GroupGraphPattern ::= '{' ( SubSelect | GroupGraphPatternSub ) '}'.</summary>
    private GroupPattern GroupGraphPattern()
    {
        ExpectPunct("{");
        int depth = _depth;
        Deeper();
        int savedScope = _currentScope;
        bool savedAgg = _aggregatesAllowed;
        _aggregatesAllowed = false;
        GroupPattern result;
        if (AtWord("SELECT"))
        {
            var sub = new Query();
            SelectQuery(sub, sub: true);
            result = new GroupPattern([], sub);
        }
        else result = new GroupPattern(GroupGraphPatternSub());
        _aggregatesAllowed = savedAgg;
        _currentScope = savedScope;
        if (!AtPunct("}")) throw Fail($"expected '}}' but found {Cur.Describe()}");
        _i++;
        _depth = depth;
        return result;
    }

    private List<PatternElement> GroupGraphPatternSub()
    {
        var elements = new List<PatternElement>();
        // A BGP spans consecutive triples blocks with only FILTERs between them.
        _currentScope = -1;
        int bgpScope = -1;
        void Triples()
        {
            if (bgpScope < 0) bgpScope = NewScope();
            _currentScope = bgpScope;
            elements.Add(TriplesBlock());
            _currentScope = -1;
        }
        if (StartsTriples()) Triples();
        while (!AtPunct("}"))
        {
            var start = Cur;
            // Each further element nests the group's algebra one level deeper (Join, LeftJoin, Extend, ...);
            // GroupGraphPattern restores the depth when the group ends.
            Deeper();
            PatternElement? e = GraphPatternNotTriples();
            if (e is null)
            {
                if (StartsTriples())
                    throw Fail($"expected '.', '}}' or a graph pattern but found {Cur.Describe()} (a '.' is needed between triple patterns)");
                throw Fail($"expected '}}' but found {Cur.Describe()}");
            }
            if (e is not FilterElement) bgpScope = -1;
            if (e is BindElement bind)
            {
                var inScope = new HashSet<string>(StringComparer.Ordinal);
                foreach (var prev in elements) ScopeChecks.InScope(prev, inScope);
                if (inScope.Contains(bind.Variable.Name))
                    throw FailAt(start, $"BIND assigns ?{bind.Variable.Name}, which is already in scope in this group");
            }
            elements.Add(e);
            AcceptPunct(".");
            if (StartsTriples()) Triples();
        }
        return elements;
    }

    private bool StartsTriples()
    {
        var t = Cur;
        return t.Kind switch
        {
            TokenKind.Var or TokenKind.IriRef or TokenKind.PName or TokenKind.BlankNodeLabel or TokenKind.Anon or TokenKind.Nil
                or TokenKind.String or TokenKind.Integer or TokenKind.Decimal or TokenKind.Double => true,
            TokenKind.Punct => t.Text is "(" or "[" || (t.Text is "+" or "-" && IsNumber(PeekTok().Kind)),
            TokenKind.Word => t.IsWord("true") || t.IsWord("false"),
            _ => false,
        };
    }

    private PatternElement? GraphPatternNotTriples()
    {
        if (AtPunct("{"))
        {
            var first = GroupGraphPattern();
            if (!AtWord("UNION")) return first;
            var branches = new List<GroupPattern> { first };
            // Not restored: the chain of Union nodes sits above the rest of the group.
            while (AcceptWord("UNION")) { Deeper(); branches.Add(GroupGraphPattern()); }
            return new UnionPattern(branches);
        }
        if (AcceptWord("OPTIONAL")) return new OptionalPattern(GroupGraphPattern());
        if (AcceptWord("MINUS")) return new MinusPattern(GroupGraphPattern());
        if (AcceptWord("GRAPH"))
        {
            var name = ParseVarOrIri();
            return new NamedGraphPattern(name, GroupGraphPattern());
        }
        if (AcceptWord("SERVICE"))
        {
            bool silent = AcceptWord("SILENT");
            var endpoint = ParseVarOrIri();
            return new ServicePattern(silent, endpoint, GroupGraphPattern());
        }
        if (AcceptWord("FILTER")) return new FilterElement(Constraint("FILTER"));
        if (AcceptWord("BIND"))
        {
            ExpectPunct("(");
            var e = Expression();
            ExpectWord("AS");
            var v = ParseVar();
            ExpectPunct(")");
            return new BindElement(e, v);
        }
        if (AcceptWord("VALUES")) return DataBlock();
        return null;
    }

    /// <summary>TriplesBlock ::= TriplesSameSubjectPath ( '.' TriplesBlock? )?</summary>
    private TriplesBlock TriplesBlock()
    {
        var triples = new List<TripleSyntax>();
        while (true)
        {
            TriplesSameSubject(triples, paths: true);
            if (!AcceptPunct(".")) break;
            if (!StartsTriples()) break;
        }
        return new TriplesBlock(triples);
    }

    /// <summary>TriplesTemplate ::= TriplesSameSubject ( '.' TriplesTemplate? )? (no paths), possibly empty.</summary>
    private void TriplesTemplate(List<TripleSyntax> triples)
    {
        while (StartsTriples())
        {
            TriplesSameSubject(triples, paths: false);
            if (!AcceptPunct(".")) break;
        }
    }

    private void TriplesSameSubject(List<TripleSyntax> triples, bool paths)
    {
        var start = Cur;
        if (AtPunct("[") || AtPunct("("))
        {
            var node = TriplesNode(triples, paths);
            // After a blank node property list the property list is optional; after a collection too.
            if (StartsVerb(paths)) PropertyListNotEmpty(node, triples, paths);
            return;
        }
        var subject = TryVarOrTerm() ?? throw Fail($"expected a subject but found {start.Describe()}");
        if (!StartsVerb(paths)) throw Fail($"expected a predicate after the subject but found {Cur.Describe()}");
        PropertyListNotEmpty(subject, triples, paths);
    }

    private bool StartsVerb(bool paths)
    {
        var t = Cur;
        if (t.Kind is TokenKind.Var or TokenKind.IriRef or TokenKind.PName || t.IsA) return true;
        return paths && t.Kind == TokenKind.Punct && t.Text is "^" or "!" or "(";
    }

    private void PropertyListNotEmpty(PatternTerm subject, List<TripleSyntax> triples, bool paths)
    {
        while (true)
        {
            var verbTok = Cur;
            PatternTerm? predicate = null;
            PropertyPath? path = null;
            if (Cur.Kind == TokenKind.Var) predicate = ParseVar();
            else if (!paths)
            {
                if (AcceptA()) predicate = new TermNode(Vocab.Rdf.Type);
                else if (AtIri) predicate = new TermNode(ParseIri());
                else throw Fail($"expected a predicate but found {verbTok.Describe()}");
            }
            else
            {
                if (!StartsVerb(true)) throw Fail($"expected a predicate or property path but found {verbTok.Describe()}");
                path = Path();
                if (path is PathLink link) { predicate = new TermNode(link.Iri); path = null; }
            }
            // ObjectList ::= Object ( ',' Object )*
            while (true)
            {
                var obj = GraphNode(triples, paths);
                triples.Add(new TripleSyntax(subject, predicate, path, obj));
                if (!AcceptPunct(",")) break;
            }
            if (!AcceptPunct(";")) return;
            while (AcceptPunct(";")) { }
            if (!StartsVerb(paths)) return;
        }
    }

    private bool AcceptA()
    {
        if (!Cur.IsA) return false;
        _i++;
        return true;
    }

    private PatternTerm GraphNode(List<TripleSyntax> triples, bool paths)
    {
        if (AtPunct("[") || AtPunct("(")) return TriplesNode(triples, paths);
        return TryVarOrTerm() ?? throw Fail($"expected an object but found {Cur.Describe()}");
    }

    /// <summary>Collection or BlankNodePropertyList; emits its triples and returns the node standing for it.</summary>
    private PatternTerm TriplesNode(List<TripleSyntax> triples, bool paths)
    {
        var open = Advance();
        int depth = _depth;
        Deeper();
        if (open.Text == "[")
        {
            var node = new TermNode(AnonBlank(open));
            if (!StartsVerb(paths)) throw Fail($"expected a predicate inside '[ ]' but found {Cur.Describe()}");
            PropertyListNotEmpty(node, triples, paths);
            ExpectPunct("]");
            _depth = depth;
            return node;
        }
        // Collection: ( item+ ) as an rdf:first/rdf:rest list.
        var items = new List<PatternTerm>();
        while (!AtPunct(")"))
        {
            if (Cur.Kind == TokenKind.Eof) throw Fail("expected ')' to close the collection but found end of input");
            items.Add(GraphNode(triples, paths));
        }
        _i++;
        if (items.Count == 0) throw FailAt(open, "empty collection");
        PatternTerm head = new TermNode(AnonBlank(open));
        var cur = head;
        for (int k = 0; k < items.Count; k++)
        {
            triples.Add(new TripleSyntax(cur, new TermNode(Vocab.Rdf.First), null, items[k]));
            PatternTerm next = k == items.Count - 1 ? new TermNode(Vocab.Rdf.Nil) : new TermNode(AnonBlank(open));
            triples.Add(new TripleSyntax(cur, new TermNode(Vocab.Rdf.Rest), null, next));
            cur = next;
        }
        _depth = depth;
        return head;
    }

    // ---- property paths (§9, grammar [88]-[96]) ----

    private PropertyPath Path()
    {
        int depth = _depth;
        Deeper();
        var left = PathSequence();
        while (AcceptPunct("|")) { Deeper(); left = new PathAlternative(left, PathSequence()); }
        _depth = depth;
        return left;
    }

    private PropertyPath PathSequence()
    {
        int depth = _depth;
        var left = PathEltOrInverse();
        while (AcceptPunct("/")) { Deeper(); left = new PathSequence(left, PathEltOrInverse()); }
        _depth = depth;
        return left;
    }

    private PropertyPath PathEltOrInverse()
    {
        if (AcceptPunct("^")) return new PathInverse(PathElt());
        return PathElt();
    }

    private PropertyPath PathElt()
    {
        var primary = PathPrimary();
        var t = Cur;
        if (t.Kind == TokenKind.Punct)
        {
            switch (t.Text)
            {
                case "?": _i++; return new PathZeroOrOne(primary);
                case "*": _i++; return new PathZeroOrMore(primary);
                case "+":
                    // '+' followed directly by a number is a signed object literal, not a path modifier.
                    if (IsNumber(PeekTok().Kind) && PeekTok().Start == t.End) break;
                    _i++;
                    return new PathOneOrMore(primary);
            }
        }
        return primary;
    }

    private PropertyPath PathPrimary()
    {
        if (AcceptA()) return new PathLink(Vocab.Rdf.Type);
        if (AtIri) return new PathLink(ParseIri());
        if (AcceptPunct("!"))
        {
            var fwd = new List<Iri>();
            var inv = new List<Iri>();
            if (Cur.Kind == TokenKind.Nil) { _i++; return new PathNegatedSet(fwd, inv); }
            if (AcceptPunct("("))
            {
                do PathOneInPropertySet(fwd, inv);
                while (AcceptPunct("|"));
                ExpectPunct(")");
            }
            else PathOneInPropertySet(fwd, inv);
            return new PathNegatedSet(fwd, inv);
        }
        if (AcceptPunct("("))
        {
            var p = Path();
            ExpectPunct(")");
            return p;
        }
        throw Fail($"expected an IRI, 'a', '!' or '(' in a property path but found {Cur.Describe()}");
    }

    private void PathOneInPropertySet(List<Iri> fwd, List<Iri> inv)
    {
        bool inverse = AcceptPunct("^");
        Iri iri;
        if (AcceptA()) iri = Vocab.Rdf.Type;
        else if (AtIri) iri = ParseIri();
        else throw Fail($"expected an IRI or 'a' in a negated property set but found {Cur.Describe()}");
        (inverse ? inv : fwd).Add(iri);
    }
}
