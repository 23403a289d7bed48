namespace PhdResolver.Sparql.Tests;

public class AlgebraTests
{
    private const string P = "PREFIX : <http://ex/> ";

    private static string Sse(string query) =>
        Normalize(AlgebraBuilder.Translate(SparqlParser.ParseQuery(P + query)).ToString());

    private static string Normalize(string s) => string.Join(" ", s.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void OptionalWithFilterBecomesLeftJoinCondition()
    {
        Assert.Equal(Normalize("""
            (project (?s ?n)
              (leftjoin
                (bgp (triple ?s <http://ex/p> ?o))
                (bgp (triple ?s <http://ex/name> ?n))
                (= (lang ?n) "en")))
            """), Sse("SELECT ?s ?n { ?s :p ?o OPTIONAL { ?s :name ?n FILTER(lang(?n) = 'en') } }"));
    }

    [Fact]
    public void FilterInAGroupNestedInOptionalStaysInThatGroup()
    {
        // SPARQL 1.1 (W3C dawg-optional-filter-005-not-simplified): only the OPTIONAL group's own
        // filters become the LeftJoin condition; here ?title is out of the inner group's scope.
        Assert.Equal(Normalize("""
            (project (?t ?p)
              (leftjoin
                (bgp (triple ?b <http://ex/title> ?t))
                (filter (= ?t "T2")
                  (bgp (triple ?b <http://ex/price> ?p)))))
            """), Sse("SELECT ?t ?p { ?b :title ?t OPTIONAL { { ?b :price ?p FILTER(?t = 'T2') } } }"));
    }

    [Fact]
    public void FilterAppliesToTheWholeGroup()
    {
        // The FILTER is written first but scopes over the whole group, OPTIONAL included.
        Assert.Equal(Normalize("""
            (project (?s ?o ?x)
              (filter (bound ?x)
                (leftjoin
                  (bgp (triple ?s <http://ex/p> ?o))
                  (bgp (triple ?o <http://ex/q> ?x)))))
            """), Sse("SELECT * { FILTER(bound(?x)) ?s :p ?o OPTIONAL { ?o :q ?x } }"));
    }

    [Fact]
    public void GroupByWithAggregates()
    {
        Assert.Equal(Normalize("""
            (project (?s ?c ?avg)
              (order ((desc ?c))
                (extend ((?avg ?.1))
                  (extend ((?c ?.0))
                    (filter (> ?.2 2)
                      (group (?s) ((?.0 (count distinct ?o)) (?.1 (avg ?v)) (?.2 (count)))
                        (bgp (triple ?s <http://ex/p> ?o) (triple ?o <http://ex/v> ?v))))))))
            """), Sse("SELECT ?s (COUNT(DISTINCT ?o) AS ?c) (AVG(?v) AS ?avg) { ?s :p ?o . ?o :v ?v } GROUP BY ?s HAVING (COUNT(*) > 2) ORDER BY DESC(?c)"));
    }

    [Fact]
    public void AggregateWithoutGroupByGroupsEverything()
    {
        Assert.Equal(Normalize("""
            (project (?n)
              (extend ((?n ?.0))
                (group () ((?.0 (count)))
                  (bgp (triple ?s ?p ?o)))))
            """), Sse("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"));
    }

    [Fact]
    public void PathsTranslateToTriplesWherePossible()
    {
        Assert.Equal(Normalize("""
            (project (?s ?o)
              (join
                (bgp (triple ?s <http://ex/a> ??P0) (triple ?o <http://ex/b> ??P0))
                (path ?s (path+ <http://ex/c>) ?o)))
            """), Sse("SELECT * { ?s :a/^:b ?o . ?s :c+ ?o }"));
    }

    [Fact]
    public void BindMinusUnionValuesAndModifiers()
    {
        Assert.Equal(Normalize("""
            (slice 5 10
              (distinct
                (project (?s ?l)
                  (join
                    (extend ((?l (str ?s)))
                      (minus
                        (union
                          (bgp (triple ?s <http://ex/p> 1))
                          (bgp (triple ?s <http://ex/p> 2)))
                        (bgp (triple ?s <http://ex/q> ?z))))
                    (table (vars ?s) (row [?s <http://ex/a>]))))))
            """), Sse("SELECT DISTINCT ?s ?l { { ?s :p 1 } UNION { ?s :p 2 } MINUS { ?s :q ?z } BIND(STR(?s) AS ?l) VALUES ?s { :a } } LIMIT 10 OFFSET 5"));
    }

    [Fact]
    public void SubSelectAndGraph()
    {
        Assert.Equal(Normalize("""
            (project (?g ?s)
              (graph ?g
                (project (?s)
                  (bgp (triple ?s ?p ?o)))))
            """), Sse("SELECT * { GRAPH ?g { SELECT ?s { ?s ?p ?o } } }"));
    }

    [Fact]
    public void EmptyGroupIsTheUnitTable()
    {
        Assert.Equal("(project () (table unit))", Sse("SELECT * {}"));
    }

    [Fact]
    public void ExistsCarriesItsAlgebra()
    {
        Assert.Equal(Normalize("""
            (filter (notexists (bgp (triple ?s <http://ex/q> ?x)))
              (bgp (triple ?s <http://ex/p> ?o)))
            """), Sse("ASK { ?s :p ?o FILTER NOT EXISTS { ?s :q ?x } }"));
    }
}
