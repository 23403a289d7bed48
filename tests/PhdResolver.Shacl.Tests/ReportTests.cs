using PhdResolver.Rdf;
using static PhdResolver.Shacl.Tests.Helpers;

namespace PhdResolver.Shacl.Tests;

public class ReportTests
{
    private const string Shapes = """
        ex:ObjectiveShape a sh:NodeShape ; sh:targetClass ex:Objective ;
          sh:property [ sh:path ex:lensNA ; sh:minCount 1 ; sh:name "lensNA" ] ;
          sh:property [ sh:path ( ex:mount ex:thread ) ; sh:minCount 1 ; sh:severity sh:Warning ; sh:message "mount thread unknown"@en ] .
        <http://example.org/objective/1> a ex:Objective .
        """;

    [Fact]
    public void ReportGraphHasTheStandardShape()
    {
        var report = Validate(Shapes);
        var g = new ShaclGraph(report.ToTriples().Select(t => t.InGraph(null)));
        var reportNode = Assert.Single(g.Subjects(Vocab.Rdf.Type, Sh.ValidationReport));
        Assert.Equal(new Literal("false", Vocab.Xsd.Boolean), g.Object(reportNode, Sh.Conforms));
        var results = g.Objects(reportNode, Sh.Result);
        Assert.Equal(2, results.Count);
        foreach (var r in results)
        {
            Assert.Equal(Sh.ValidationResult, g.Object(r, Vocab.Rdf.Type));
            Assert.Equal(new Iri("http://example.org/objective/1"), g.Object(r, Sh.FocusNode));
            Assert.Equal(Sh.MinCountConstraintComponent, g.Object(r, Sh.SourceConstraintComponent));
            Assert.NotNull(g.Object(r, Sh.SourceShape));
            Assert.NotNull(g.Object(r, Sh.ResultMessage));
            Assert.Null(g.Object(r, Sh.Value));
        }
        // The sequence path comes out as an RDF list, the warning keeps its severity and message.
        var warning = Assert.Single(results, r => Sh.Warning.Equals(g.Object(r, Sh.ResultSeverity)));
        Assert.Equal([Ex("mount"), Ex("thread")], g.List(g.Object(warning, Sh.ResultPath)));
        Assert.Equal(new Literal("mount thread unknown", "en"), g.Object(warning, Sh.ResultMessage));
    }

    [Fact]
    public void ConformingReport()
    {
        var report = Validate("ex:s sh:targetNode ex:i ; sh:hasValue ex:i .");
        Assert.True(report.Conforms);
        var triples = report.ToTriples();
        Assert.Contains(triples, t => t.Predicate.Equals(Sh.Conforms) && t.Object.Equals(new Literal("true", Vocab.Xsd.Boolean)));
        Assert.DoesNotContain(triples, t => t.Predicate.Equals(Sh.Result));
    }

    [Fact]
    public void TextSummaryGroupsByFocusNodeInPlainWords()
    {
        var ds = Parse(Shapes);
        var data = new ShaclGraph(ds);
        var report = new ShaclValidator(new ShapesGraph(ds)).Validate(data);
        var text = report.ToText(data);
        Assert.Contains("Objective <http://example.org/objective/1>:", text, StringComparison.Ordinal);
        Assert.Contains("- missing lensNA", text, StringComparison.Ordinal);
        Assert.Contains("- warning: mount thread unknown", text, StringComparison.Ordinal);
        Assert.StartsWith("Does not conform: 1 violation, 1 warning", text, StringComparison.Ordinal);
    }
}
