using PhdResolver.Rdf;

namespace PhdResolver.Shacl.Tests;

/// <summary>SHACL-SPARQL behaviour beyond the W3C suite: blank focus nodes, messages, failures.</summary>
public class SparqlConstraintTests
{
    [Fact]
    public void BlankFocusNodesArePreBound()
    {
        var report = Helpers.Validate("""
            [] a ex:Thing ; ex:name "a" .
            [] a ex:Thing .
            ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;
              sh:sparql [ sh:select "SELECT $this WHERE { FILTER NOT EXISTS { $this <http://example.org/name> ?n } }" ] .
            """);
        var r = Assert.Single(report.Results);
        Assert.IsType<BlankNode>(r.FocusNode);
        Assert.Equal(Sh.SparqlConstraintComponent, r.SourceConstraintComponent);
    }

    [Fact]
    public void MessageTemplatesAreFilledFromTheSolution()
    {
        var report = Helpers.Validate("""
            ex:a ex:size 12 .
            ex:S a sh:NodeShape ; sh:targetNode ex:a ;
              sh:sparql [ sh:message "size {?value} is too big" ;
                sh:select "SELECT $this ?value WHERE { $this <http://example.org/size> ?value FILTER (?value > 10) }" ] .
            """);
        var r = Assert.Single(report.Results);
        Assert.Equal("size 12 is too big", Assert.IsType<Literal>(Assert.Single(r.Messages)).Lexical);
    }

    [Fact]
    public void PathIsSubstitutedInPropertyShapes()
    {
        var report = Helpers.Validate("""
            ex:a ex:p ex:b . ex:b ex:q "x" .
            ex:S a sh:PropertyShape ; sh:targetNode ex:a ; sh:path ( ex:p ex:q ) ;
              sh:sparql [ sh:select "SELECT $this ?value WHERE { $this $PATH ?value }" ] .
            """);
        var r = Assert.Single(report.Results);
        Assert.Equal(new Literal("x"), r.Value);
        Assert.IsType<SequencePath>(r.ResultPath);
    }

    [Theory]
    [InlineData("SELECT $this WHERE { $this ?p ?o MINUS { $this ?p 1 } }")]
    [InlineData("SELECT $this WHERE { BIND (1 AS ?this) }")]
    [InlineData("SELECT $this WHERE { ?s ?p ?o")]
    [InlineData("ASK { }")]
    public void IllFormedQueriesFailWhenShapesAreCompiled(string query)
    {
        var ds = Helpers.Parse($$"""
            ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:sparql [ sh:select "{{query}}" ] .
            """);
        Assert.Throws<ShaclException>(() => new ShapesGraph(ds));
    }

    [Fact]
    public void FailureVariableStopsValidation()
    {
        var ds = Helpers.Parse("""
            ex:S a sh:NodeShape ; sh:targetNode ex:a ;
              sh:sparql [ sh:select "SELECT $this (true AS ?failure) WHERE { }" ] .
            """);
        Assert.Throws<ShaclException>(() => ShaclValidator.Validate(ds, ds));
    }

    [Fact]
    public void DeactivatedSparqlConstraintsAreSkipped()
    {
        var report = Helpers.Validate("""
            ex:S a sh:NodeShape ; sh:targetNode ex:a ;
              sh:sparql [ sh:deactivated true ; sh:select "SELECT $this WHERE { }" ] .
            """);
        Assert.True(report.Conforms);
    }
}
