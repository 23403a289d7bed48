using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Tests;

public class ParserTests
{
    private const string P = "PREFIX : <http://ex/> ";

    private static string PathOf(string path)
    {
        var q = SparqlParser.ParseQuery(P + "SELECT * { ?s " + path + " ?o }");
        var t = ((TriplesBlock)q.Where!.Elements[0]).Triples[0];
        return t.Path is null ? t.Predicate!.ToString() : SseWriter.Write(t.Path);
    }

    [Theory]
    [InlineData(":a/:b|:c", "(alt (seq <http://ex/a> <http://ex/b>) <http://ex/c>)")]
    [InlineData(":a|:b/:c", "(alt <http://ex/a> (seq <http://ex/b> <http://ex/c>))")]
    [InlineData("^:a/:b", "(seq (reverse <http://ex/a>) <http://ex/b>)")]
    [InlineData("^:a*", "(reverse (path* <http://ex/a>))")]
    [InlineData(":a+/:b?", "(seq (path+ <http://ex/a>) (path? <http://ex/b>))")]
    [InlineData("(:a/:b)*", "(path* (seq <http://ex/a> <http://ex/b>))")]
    [InlineData("!(:a|^:b)", "(notoneof <http://ex/a> (reverse <http://ex/b>))")]
    [InlineData("!a", "(notoneof <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>)")]
    [InlineData("a", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>")]
    public void PropertyPathPrecedence(string path, string sse) => Assert.Equal(sse, PathOf(path));

    [Fact]
    public void PrefixAndBaseResolution()
    {
        var q = SparqlParser.ParseQuery("BASE <http://a/b/> PREFIX x: <c/> SELECT * { <d> x:e ?o }", "http://ignored/");
        var t = ((TriplesBlock)q.Where!.Elements[0]).Triples[0];
        Assert.Equal(new TermNode(new Iri("http://a/b/d")), t.Subject);
        Assert.Equal(new TermNode(new Iri("http://a/b/c/e")), t.Predicate);
    }

    [Fact]
    public void SignedNumbersInPatternsAndExpressions()
    {
        var q = SparqlParser.ParseQuery(P + "SELECT * { ?s :p -1.5 FILTER(?x -1 > +2) }");
        var t = ((TriplesBlock)q.Where!.Elements[0]).Triples[0];
        Assert.Equal(new TermNode(new Literal("-1.5", Vocab.Xsd.Decimal)), t.Object);
        var f = (FilterElement)q.Where.Elements[1];
        Assert.Equal("(> (- ?x 1) +2)", SseWriter.Write(f.Condition));
    }

    [Fact]
    public void CollectionsAndBlankNodePropertyLists()
    {
        var q = SparqlParser.ParseQuery(P + "SELECT * { (1 [ :p ?x ]) :q ?y }");
        var triples = ((TriplesBlock)q.Where!.Elements[0]).Triples;
        // two list cells (first+rest each), the [ :p ?x ] triple, and the :q triple
        Assert.Equal(6, triples.Count);
        Assert.Contains(triples, t => t.Predicate == new TermNode(Vocab.Rdf.Rest) && t.Object == new TermNode(Vocab.Rdf.Nil));
    }

    [Theory]
    [InlineData("SELECT * { ?s ?p ?o ", "expected '}' but found end of input", 1, 21)]
    [InlineData("SELECT * {\n  ?s ?p ?o\n  ?a ?b ?c }", "a '.' is needed", 3, 3)]
    [InlineData("SELECT * { ?s ?p ?o FILTER ?x }", "expected a bracketted expression or function call in FILTER but found '?x'", 1, 28)]
    [InlineData("SELECT * { ?s x:p ?o }", "undefined prefix 'x:'", 1, 15)]
    [InlineData("SELECT ?s (COUNT(?o) AS ?c) { ?s ?p ?o }", "?s is used in SELECT outside an aggregate", 1, 8)]
    [InlineData("SELECT (1 AS ?X) (2 AS ?X) {}", "assigns ?X, which is already in scope", 1, 18)]
    [InlineData("SELECT * {\n  ?s ?p ?o .\n  BIND(1 AS ?o) }", "BIND assigns ?o", 3, 3)]
    public void ErrorsCarryPositionAndReadableMessage(string text, string message, int line, int column)
    {
        var ex = Assert.Throws<SparqlSyntaxException>(() => SparqlParser.ParseQuery(text));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal(line, ex.Line);
        Assert.Equal(column, ex.Column);
    }

    [Theory]
    [InlineData("SELECT * { :s :p ?o . :s :q ?o1 . BIND((1+?o) AS ?o1) }")] // BIND to in-scope variable
    [InlineData("SELECT * { { :s :p ?Y } UNION { :s :p ?Z } BIND (1 AS ?Y) }")]
    [InlineData("SELECT (1 AS ?X) { SELECT (2 AS ?X) {} }")] // SELECT expression rebinding
    [InlineData("SELECT (1 AS ?X) (1 AS ?X) {}")]
    [InlineData("SELECT ?P (COUNT(?O) AS ?C) { ?S ?P ?O }")] // ungrouped variable
    [InlineData("SELECT ((?a + ?b) AS ?c) (COUNT(?a) AS ?n) { ?s :p ?a ; :q ?b } GROUP BY (?a + ?b)")]
    [InlineData("SELECT * { ?s ?p ?o } GROUP BY ?s")]
    [InlineData("SELECT * { ?s ?p ?o FILTER(COUNT(?o) > 1) }")] // aggregate outside SELECT/HAVING/ORDER BY
    [InlineData("SELECT (SUM(COUNT(?o)) AS ?x) { ?s ?p ?o }")] // nested aggregate
    [InlineData("SELECT * { _:a ?p ?v . OPTIONAL { ?s ?p ?v } _:a ?q 1 }")] // label across BGPs
    [InlineData("SELECT * { _:a ?p ?v . { _:a ?q 1 } }")]
    [InlineData("SELECT * { VALUES (?a ?b) { (1) } }")]
    [InlineData("SELECT * { :x _:a :q }")] // blank node predicate
    [InlineData("SELECT * { <a> <b> _:x FILTER(_:x) }")]
    [InlineData("CONSTRUCT WHERE { ?s ?p ?o FILTER(?o = 1) }")]
    public void StaticRulesRejectQueries(string text) =>
        Assert.Throws<SparqlSyntaxException>(() => SparqlParser.ParseQuery(P + text));

    [Theory]
    [InlineData("SELECT * { _:a :p ?v FILTER(?v) _:a :q ?w }")] // FILTER does not split a BGP
    [InlineData("SELECT ?s (COUNT(*) AS ?c) (?c + 1 AS ?d) { ?s ?p ?o } GROUP BY ?s")]
    [InlineData("SELECT ?k (SAMPLE(?o) AS ?x) { ?s ?p ?o } GROUP BY (STR(?s) AS ?k) HAVING (COUNT(*) > 1) ORDER BY DESC(COUNT(*))")]
    [InlineData("SELECT (GROUP_CONCAT(DISTINCT ?o ; SEPARATOR = \", \") AS ?all) { ?s ?p ?o }")]
    [InlineData("SELECT * { ?s ?p ?o } VALUES (?s ?o) { (:a UNDEF) (UNDEF 1) }")]
    [InlineData("ASK { ?s ?p ?o FILTER NOT EXISTS { ?o ?q ?r } FILTER(?o NOT IN (1, 2)) }")]
    [InlineData("DESCRIBE :x ?y")]
    [InlineData("CONSTRUCT WHERE { ?s ?p ?o }")]
    [InlineData("CONSTRUCT { _:a :p ?o } WHERE { _:a :q ?o }")] // template labels are their own scope
    [InlineData("ASK { ?s ?p ?o } GROUP BY ?s HAVING (COUNT(*) > 1)")]
    [InlineData("SELECT * { SERVICE SILENT <http://remote/> { ?s ?p ?o } }")]
    [InlineData("SELECT * { ?s :p \"\"\"long\n'string'\"\"\"^^:dt , 'x'@en , true , 1e3 }")]
    public void ValidQueriesParse(string text) => Assert.NotNull(SparqlParser.ParseQuery(P + text));

    [Fact]
    public void UpdateRequestWithSeveralOperations()
    {
        var u = SparqlParser.ParseUpdate(P + """
            INSERT DATA { :a :b 1 . GRAPH :g { :a :b 2 } } ;
            DELETE WHERE { ?s :b ?o } ;
            WITH :g DELETE { ?s :b ?o } INSERT { ?s :c [] } USING :g USING NAMED :h WHERE { ?s :b ?o } ;
            LOAD SILENT <http://x/data> INTO GRAPH :g ;
            CLEAR ALL ; DROP SILENT GRAPH :g ; CREATE GRAPH :n ;
            COPY DEFAULT TO :g ; MOVE GRAPH :g TO DEFAULT ; ADD SILENT :a TO :b ;
            """);
        Assert.Equal(10, u.Operations.Count);
        var ins = Assert.IsType<InsertData>(u.Operations[0]);
        Assert.Equal(new TermNode(new Iri("http://ex/g")), ins.Quads[1].Graph);
        var mod = Assert.IsType<Modify>(u.Operations[2]);
        Assert.Equal("http://ex/g", mod.With!.Value);
        Assert.Single(mod.UsingNamed);
        Assert.Equal(new GraphTransfer(GraphTransferKind.Copy, false, null, new Iri("http://ex/g")), u.Operations[7]);
    }

    [Theory]
    [InlineData("DELETE DATA { _:a <p> <o> }")]
    [InlineData("DELETE DATA { ?s <p> <o> }")]
    [InlineData("INSERT DATA { GRAPH ?g { <s> <p> <o> } }")]
    [InlineData("DELETE WHERE { _:a <p> <o> }")]
    [InlineData("DELETE { <s> <p> [] } WHERE { ?x <p> <o> }")]
    [InlineData("INSERT DATA { _:b1 <p> <o> } ; INSERT DATA { _:b1 <p> <o> }")]
    [InlineData("CREATE GRAPH <g> ;; LOAD <remote>")]
    [InlineData("INSERT WHERE { ?s ?p ?o }")]
    public void UpdateRestrictions(string text) =>
        Assert.Throws<SparqlSyntaxException>(() => SparqlParser.ParseUpdate(text));

    [Fact]
    public void EmptyUpdateAndTrailingSemicolonAreAllowed()
    {
        Assert.Empty(SparqlParser.ParseUpdate("# nothing").Operations);
        Assert.Single(SparqlParser.ParseUpdate("CLEAR DEFAULT ;").Operations);
    }
}
