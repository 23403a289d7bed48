using PhdResolver.Rdf;
using PhdResolver.Rdf.Xsd;
using static PhdResolver.Shacl.Tests.Helpers;

namespace PhdResolver.Shacl.Tests;

public class ConstraintTests
{
    [Theory]
    [InlineData("\"300\"^^xsd:byte", false)]
    [InlineData("\"c\"^^xsd:byte", false)]
    [InlineData("\"-128\"^^xsd:byte", true)]
    [InlineData("\"2020-02-30\"^^xsd:date", false)]
    [InlineData("\"2024-02-29\"^^xsd:date", true)]
    [InlineData("\"1.5e3\"^^xsd:double", true)]
    [InlineData("\"1.5.3\"^^xsd:decimal", false)]
    [InlineData("\"yes\"^^xsd:boolean", false)]
    [InlineData("\"2002-10-10T24:00:00Z\"^^xsd:dateTime", true)]
    [InlineData("\"2002-10-10T25:00:00Z\"^^xsd:dateTime", false)]
    [InlineData("\"anything\"^^ex:custom", true)]
    public void IllTypedLiteralsFailDatatype(string literal, bool ok)
    {
        var dt = literal[(literal.IndexOf("^^", StringComparison.Ordinal) + 2)..];
        var report = Validate($"ex:s a sh:NodeShape ; sh:targetNode {literal} ; sh:datatype {dt} .");
        Assert.Equal(ok, report.Conforms);
    }

    [Fact]
    public void LanguageStringIsNotXsdString()
    {
        var report = Validate("""ex:s sh:targetNode ex:i ; sh:property [ sh:path ex:p ; sh:datatype xsd:string ] . ex:i ex:p "a"@en, "b" .""");
        Assert.Single(report.Results);
        Assert.Equal(new Literal("a", "en"), report.Results[0].Value);
    }

    [Fact]
    public void DateTimesWithAndWithoutTimezoneAreIncomparableWithin14Hours()
    {
        // SPARQL's (and so SHACL's) order: a value without timezone may be anywhere in +-14 h.
        Assert.Null(XsdOrder.CompareValues(new Literal("2002-10-10T12:00:00", Vocab.Xsd.DateTime), new Literal("2002-10-10T12:00:00Z", Vocab.Xsd.DateTime)));
        Assert.Equal(-1, XsdOrder.CompareValues(new Literal("2002-10-10T12:00:00", Vocab.Xsd.DateTime), new Literal("2002-10-12T12:00:00Z", Vocab.Xsd.DateTime)));
        Assert.Equal(-1, XsdOrder.CompareValues(new Literal("09:30:00", new Iri(Vocab.Xsd.Namespace + "time")), new Literal("10:00:00", new Iri(Vocab.Xsd.Namespace + "time"))));
        Assert.Equal(0, XsdOrder.CompareValues(new Literal("2002-10-10T12:00:00-05:00", Vocab.Xsd.DateTime), new Literal("2002-10-10T17:00:00Z", Vocab.Xsd.DateTime)));
        Assert.True(XsdOrder.CompareValues(new Literal("1", Vocab.Xsd.Integer), new Literal("1.5", Vocab.Xsd.Double)) < 0);
        Assert.Null(XsdOrder.CompareValues(new Literal("1", Vocab.Xsd.Integer), new Literal("1")));
    }

    [Fact]
    public void QualifiedValueShapesDisjointCountsOnlyExclusiveMatches()
    {
        // The hand has two fingers that are both thumbs and fingers: with disjointness neither counts.
        var report = Validate("""
            ex:Hand a sh:NodeShape ; sh:targetNode ex:h ;
              sh:property ex:thumbs , ex:fingers .
            ex:thumbs sh:path ex:digit ; sh:qualifiedValueShape [ sh:class ex:Thumb ] ; sh:qualifiedMinCount 1 ; sh:qualifiedValueShapesDisjoint true .
            ex:fingers sh:path ex:digit ; sh:qualifiedValueShape [ sh:class ex:Finger ] ; sh:qualifiedMaxCount 4 ; sh:qualifiedValueShapesDisjoint true .
            ex:h ex:digit ex:d1, ex:d2 .
            ex:d1 a ex:Thumb, ex:Finger .
            ex:d2 a ex:Finger .
            """);
        var r = Assert.Single(report.Results);
        Assert.Equal(Sh.QualifiedMinCountConstraintComponent, r.SourceConstraintComponent);
        Assert.Equal(Ex("thumbs"), r.SourceShape.Node);
        Assert.Null(r.Value);
    }

    [Fact]
    public void QualifiedMaxCount()
    {
        var report = Validate("""
            ex:s sh:targetNode ex:h ; sh:path ex:digit ; sh:qualifiedValueShape [ sh:class ex:Thumb ] ; sh:qualifiedMaxCount 1 .
            ex:h ex:digit ex:d1, ex:d2 . ex:d1 a ex:Thumb . ex:d2 a ex:Thumb .
            """);
        Assert.Equal(Sh.QualifiedMaxCountConstraintComponent, Assert.Single(report.Results).SourceConstraintComponent);
    }

    [Fact]
    public void ClosedShapeReportsEachUnexpectedTriple()
    {
        var report = Validate("""
            ex:s a sh:NodeShape ; sh:targetNode ex:i ; sh:closed true ; sh:ignoredProperties ( rdf:type ) ;
              sh:property [ sh:path ex:p ] ; sh:property [ sh:path [ sh:inversePath ex:q ] ] .
            ex:i a ex:Thing ; ex:p 1 ; ex:q 2 ; ex:r 3, 4 .
            """);
        Assert.Equal(3, report.Results.Count);
        Assert.All(report.Results, r => Assert.Equal(Sh.ClosedConstraintComponent, r.SourceConstraintComponent));
        Assert.Equal(["q", "r", "r"], report.Results.Select(r => r.ResultPath!.Display).Order());
    }

    [Fact]
    public void RecursiveShapesTerminate()
    {
        var report = Validate("""
            ex:Person a sh:NodeShape ; sh:targetNode ex:alice ;
              sh:property [ sh:path ex:knows ; sh:node ex:Person ] .
            ex:alice ex:knows ex:bob . ex:bob ex:knows ex:alice .
            """);
        Assert.True(report.Conforms);
    }

    [Fact]
    public void DeactivatedShapesAreIgnored()
    {
        var report = Validate("""
            ex:s sh:targetNode ex:i ; sh:deactivated true ; sh:class ex:Nope .
            ex:t sh:targetNode ex:i ; sh:node ex:s .
            """);
        Assert.True(report.Conforms);
    }

    [Fact]
    public void ImplicitClassTargetIncludesSubclassInstances()
    {
        var report = Validate("""
            ex:Person a rdfs:Class, sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .
            ex:Student rdfs:subClassOf ex:Person .
            ex:s1 a ex:Student .
            """);
        Assert.Equal(Ex("s1"), Assert.Single(report.Results).FocusNode);
    }

    [Fact]
    public void XoneAndNot()
    {
        var report = Validate("""
            ex:s sh:targetNode ex:a, ex:b, ex:c ; sh:xone ( [ sh:class ex:A ] [ sh:class ex:B ] ) ; sh:not [ sh:class ex:C ] .
            ex:a a ex:A . ex:b a ex:A, ex:B . ex:c a ex:B, ex:C .
            """);
        Assert.Equal(["b:XoneConstraintComponent", "c:NotConstraintComponent"],
            report.Results.Select(r => ShaclPath.LocalName(r.FocusNode) + ":" + ShaclPath.LocalName(r.SourceConstraintComponent)).Order());
    }
}
