using PhdResolver.Rdf;
using PhdResolver.Sparql.Results;

namespace PhdResolver.Sparql.Tests.Evaluation;

/// <summary>Each algebra operator against a real store.</summary>
public sealed class OperatorTests : IDisposable
{
    private const string Data = """
        :scope1 a :Microscope ; :name "Alpha" ; :serial "S1" ; :part :obj1 .
        :scope2 a :Microscope ; :name "Beta" ; :serial "S2" .
        :scope3 a :Microscope ; :name "Gamma" .
        :obj1 :magnification 60 ; :part :lens1 .
        :lens1 :part :glass1 .
        :a :next :b . :b :next :c . :c :next :a .
        GRAPH :g1 { :scope1 :site :lab1 . }
        GRAPH :g2 { :scope2 :site :lab2 . }
        """;

    private readonly EngineFixture _f = new(data: Data);

    public void Dispose() => _f.Dispose();

    [Fact]
    public void Bgp_joins_on_shared_variables()
    {
        Assert.Equal(["Alpha S1", "Beta S2"], _f.SortedRows("SELECT ?n ?s { ?x a :Microscope ; :name ?n ; :serial ?s }"));
    }

    [Fact]
    public void Optional_keeps_unmatched_left_rows()
    {
        Assert.Equal(["Alpha S1", "Beta S2", "Gamma -"], _f.SortedRows("SELECT ?n ?s { ?x :name ?n OPTIONAL { ?x :serial ?s } }"));
    }

    [Fact]
    public void Optional_filter_is_part_of_the_left_join()
    {
        Assert.Equal(["Alpha -", "Beta S2", "Gamma -"], _f.SortedRows("SELECT ?n ?s { ?x :name ?n OPTIONAL { ?x :serial ?s FILTER(?s = \"S2\") } }"));
    }

    [Fact]
    public void Union_concatenates()
    {
        Assert.Equal(["Alpha", "S1", "S2"], _f.SortedRows("SELECT ?v { { :scope1 :name ?v } UNION { ?x :serial ?v } }"));
    }

    [Fact]
    public void Minus_removes_compatible_rows_and_ignores_disjoint_ones()
    {
        Assert.Equal(["Gamma"], _f.Rows("SELECT ?n { ?x :name ?n MINUS { ?x :serial ?s } }"));
        // No shared variable: nothing is removed (§18.5).
        Assert.Equal(3, _f.Rows("SELECT ?n { ?x :name ?n MINUS { ?y :serial ?s } }").Count);
    }

    [Fact]
    public void Filter_errors_are_false()
    {
        Assert.Equal(["Beta"], _f.Rows("SELECT ?n { ?x :name ?n FILTER(?n > \"Alpha\" && ?n < \"Gamma\") }"));
        Assert.Empty(_f.Rows("SELECT ?n { ?x :name ?n FILTER(?undefined) }"));
    }

    [Fact]
    public void Extend_and_values()
    {
        Assert.Equal(["Alpha Alpha!"], _f.Rows("SELECT ?n ?m { VALUES ?x { :scope1 } ?x :name ?n BIND(CONCAT(?n, \"!\") AS ?m) }"));
        Assert.Equal(["Beta"], _f.Rows("SELECT ?n { ?x :name ?n } VALUES ?n { \"Beta\" \"Delta\" }"));
    }

    [Fact]
    public void Graph_with_variable_and_constant()
    {
        Assert.Equal([":g1 :lab1", ":g2 :lab2"], _f.SortedRows("SELECT ?g ?l { GRAPH ?g { ?x :site ?l } }"));
        Assert.Equal([":lab2"], _f.Rows("SELECT ?l { GRAPH :g2 { ?x :site ?l } }"));
        Assert.Empty(_f.Rows("SELECT ?l { ?x :site ?l }")); // separate default graph
    }

    [Fact]
    public void Group_count_having_order_slice()
    {
        Assert.Equal(["3"], _f.Rows("SELECT (COUNT(*) AS ?c) { ?x a :Microscope }"));
        Assert.Equal(["0"], _f.Rows("SELECT (COUNT(*) AS ?c) { ?x a :Nothing }"));
        Assert.Equal([":scope1 2"], _f.Rows("SELECT ?x (COUNT(?p) AS ?c) { ?x ?p ?o FILTER(?p IN (:serial, :part)) } GROUP BY ?x HAVING (COUNT(?p) > 1)"));
        Assert.Equal(["Gamma", "Beta"], _f.Rows("SELECT ?n { ?x :name ?n } ORDER BY DESC(?n) LIMIT 2"));
        Assert.Equal(["Beta"], _f.Rows("SELECT ?n { ?x :name ?n } ORDER BY ?n OFFSET 1 LIMIT 1"));
    }

    [Fact]
    public void Distinct_and_reduced()
    {
        Assert.Single(_f.Rows("SELECT DISTINCT ?t { ?x a ?t }"));
        Assert.Equal(3, _f.Rows("SELECT ?t { ?x a ?t }").Count);
    }

    [Fact]
    public void Property_paths()
    {
        Assert.Equal([":glass1", ":lens1", ":obj1"], _f.SortedRows("SELECT ?p { :scope1 :part+ ?p }"));
        Assert.Equal([":glass1", ":lens1", ":obj1", ":scope1"], _f.SortedRows("SELECT ?p { :scope1 :part* ?p }"));
        Assert.Equal([":obj1", ":scope1"], _f.SortedRows("SELECT ?p { :scope1 :part? ?p }"));
        Assert.Equal([":lens1"], _f.Rows("SELECT ?p { :scope1 :part/:part ?p }"));
        Assert.Equal([":scope1"], _f.Rows("SELECT ?s { :obj1 ^:part ?s }"));
        Assert.Equal([":a", ":b", ":c"], _f.SortedRows("SELECT ?n { :a :next* ?n }")); // cycle terminates
        Assert.Equal(["60"], _f.Rows("SELECT ?o { :obj1 !(:part|rdf:type) ?o }".Replace("rdf:type", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>")));
        // Zero-length with both ends unbound: every node of the graph relates to itself.
        Assert.Contains(":glass1 :glass1", _f.Rows("SELECT ?x ?y { ?x :part* ?y }"));
        // A constant not in the graph still matches itself at length zero.
        Assert.Equal([":nowhere"], _f.Rows("SELECT ?y { :nowhere :part* ?y }"));
    }

    [Fact]
    public void Exists_and_not_exists()
    {
        Assert.Equal(["Alpha", "Beta"], _f.SortedRows("SELECT ?n { ?x :name ?n FILTER EXISTS { ?x :serial ?s } }"));
        Assert.Equal(["Gamma"], _f.Rows("SELECT ?n { ?x :name ?n FILTER NOT EXISTS { ?x :serial ?s } }"));
    }

    [Fact]
    public void Sub_select_scopes_its_variables()
    {
        Assert.Equal(["Alpha 3"], _f.Rows("SELECT ?n ?c { :scope1 :name ?n { SELECT (COUNT(?x) AS ?c) { ?x a :Microscope } } }"));
    }

    [Fact]
    public void Ask_construct_describe()
    {
        Assert.True(((BooleanResult)_f.Engine.Query(EngineFixture.Prefix + "ASK { :scope1 :serial \"S1\" }")).Value);
        Assert.False(((BooleanResult)_f.Engine.Query(EngineFixture.Prefix + "ASK { :scope1 :serial \"S2\" }")).Value);
        var g = ((GraphResult)_f.Engine.Query(EngineFixture.Prefix + "CONSTRUCT { ?x :label ?n . ?x :missing ?nothing } WHERE { ?x :name ?n }")).Triples.ToList();
        Assert.Equal(3, g.Count); // the triple with an unbound variable is skipped
        var d = ((GraphResult)_f.Engine.Query(EngineFixture.Prefix + "DESCRIBE :obj1")).Triples.ToList();
        Assert.Equal(2, d.Count);
    }

    [Fact]
    public void From_restricts_the_dataset()
    {
        Assert.Equal([":lab1"], _f.Rows("SELECT ?l FROM :g1 { ?x :site ?l }"));
        Assert.Equal([":g2"], _f.Rows("SELECT ?g FROM NAMED :g2 { GRAPH ?g { ?x ?p ?o } }"));
    }
}
