using PhdResolver.Rdf;

namespace PhdResolver.Shacl;

/// <summary>The SHACL vocabulary (shared instances: terms are compared on every constraint check).</summary>
public static class Sh
{
    public const string Namespace = "http://www.w3.org/ns/shacl#";

    private static Iri N(string local) => new(Namespace + local);

    // Shapes, targets and shape attributes.
    public static readonly Iri NodeShape = N("NodeShape");
    public static readonly Iri PropertyShape = N("PropertyShape");
    public static readonly Iri TargetNode = N("targetNode");
    public static readonly Iri TargetClass = N("targetClass");
    public static readonly Iri TargetSubjectsOf = N("targetSubjectsOf");
    public static readonly Iri TargetObjectsOf = N("targetObjectsOf");
    public static readonly Iri Deactivated = N("deactivated");
    public static readonly Iri Severity = N("severity");
    public static readonly Iri Message = N("message");
    public static readonly Iri Name = N("name");
    public static readonly Iri Path = N("path");

    // Paths.
    public static readonly Iri InversePath = N("inversePath");
    public static readonly Iri AlternativePath = N("alternativePath");
    public static readonly Iri ZeroOrMorePath = N("zeroOrMorePath");
    public static readonly Iri OneOrMorePath = N("oneOrMorePath");
    public static readonly Iri ZeroOrOnePath = N("zeroOrOnePath");

    // Severities.
    public static readonly Iri Violation = N("Violation");
    public static readonly Iri Warning = N("Warning");
    public static readonly Iri Info = N("Info");

    // Node kinds.
    public static readonly Iri IRI = N("IRI");
    public static readonly Iri BlankNode = N("BlankNode");
    public static readonly Iri Literal = N("Literal");
    public static readonly Iri BlankNodeOrIRI = N("BlankNodeOrIRI");
    public static readonly Iri BlankNodeOrLiteral = N("BlankNodeOrLiteral");
    public static readonly Iri IRIOrLiteral = N("IRIOrLiteral");

    // Constraint parameters.
    public static readonly Iri Class = N("class");
    public static readonly Iri Datatype = N("datatype");
    public static readonly Iri NodeKind = N("nodeKind");
    public static readonly Iri MinCount = N("minCount");
    public static readonly Iri MaxCount = N("maxCount");
    public static readonly Iri MinExclusive = N("minExclusive");
    public static readonly Iri MinInclusive = N("minInclusive");
    public static readonly Iri MaxExclusive = N("maxExclusive");
    public static readonly Iri MaxInclusive = N("maxInclusive");
    public static readonly Iri MinLength = N("minLength");
    public static readonly Iri MaxLength = N("maxLength");
    public static readonly Iri Pattern = N("pattern");
    public static readonly Iri Flags = N("flags");
    public static readonly Iri LanguageIn = N("languageIn");
    public static readonly Iri UniqueLang = N("uniqueLang");
    public static readonly Iri EqualsP = N("equals");
    public static readonly Iri Disjoint = N("disjoint");
    public static readonly Iri LessThan = N("lessThan");
    public static readonly Iri LessThanOrEquals = N("lessThanOrEquals");
    public static readonly Iri Not = N("not");
    public static readonly Iri And = N("and");
    public static readonly Iri Or = N("or");
    public static readonly Iri Xone = N("xone");
    public static readonly Iri Node = N("node");
    public static readonly Iri Property = N("property");
    public static readonly Iri QualifiedValueShape = N("qualifiedValueShape");
    public static readonly Iri QualifiedMinCount = N("qualifiedMinCount");
    public static readonly Iri QualifiedMaxCount = N("qualifiedMaxCount");
    public static readonly Iri QualifiedValueShapesDisjoint = N("qualifiedValueShapesDisjoint");
    public static readonly Iri Closed = N("closed");
    public static readonly Iri IgnoredProperties = N("ignoredProperties");
    public static readonly Iri HasValue = N("hasValue");
    public static readonly Iri In = N("in");

    // Constraint components (the sh:sourceConstraintComponent of results).
    public static readonly Iri ClassConstraintComponent = N("ClassConstraintComponent");
    public static readonly Iri DatatypeConstraintComponent = N("DatatypeConstraintComponent");
    public static readonly Iri NodeKindConstraintComponent = N("NodeKindConstraintComponent");
    public static readonly Iri MinCountConstraintComponent = N("MinCountConstraintComponent");
    public static readonly Iri MaxCountConstraintComponent = N("MaxCountConstraintComponent");
    public static readonly Iri MinExclusiveConstraintComponent = N("MinExclusiveConstraintComponent");
    public static readonly Iri MinInclusiveConstraintComponent = N("MinInclusiveConstraintComponent");
    public static readonly Iri MaxExclusiveConstraintComponent = N("MaxExclusiveConstraintComponent");
    public static readonly Iri MaxInclusiveConstraintComponent = N("MaxInclusiveConstraintComponent");
    public static readonly Iri MinLengthConstraintComponent = N("MinLengthConstraintComponent");
    public static readonly Iri MaxLengthConstraintComponent = N("MaxLengthConstraintComponent");
    public static readonly Iri PatternConstraintComponent = N("PatternConstraintComponent");
    public static readonly Iri LanguageInConstraintComponent = N("LanguageInConstraintComponent");
    public static readonly Iri UniqueLangConstraintComponent = N("UniqueLangConstraintComponent");
    public static readonly Iri EqualsConstraintComponent = N("EqualsConstraintComponent");
    public static readonly Iri DisjointConstraintComponent = N("DisjointConstraintComponent");
    public static readonly Iri LessThanConstraintComponent = N("LessThanConstraintComponent");
    public static readonly Iri LessThanOrEqualsConstraintComponent = N("LessThanOrEqualsConstraintComponent");
    public static readonly Iri NotConstraintComponent = N("NotConstraintComponent");
    public static readonly Iri AndConstraintComponent = N("AndConstraintComponent");
    public static readonly Iri OrConstraintComponent = N("OrConstraintComponent");
    public static readonly Iri XoneConstraintComponent = N("XoneConstraintComponent");
    public static readonly Iri NodeConstraintComponent = N("NodeConstraintComponent");
    public static readonly Iri PropertyConstraintComponent = N("PropertyConstraintComponent");
    public static readonly Iri QualifiedMinCountConstraintComponent = N("QualifiedMinCountConstraintComponent");
    public static readonly Iri QualifiedMaxCountConstraintComponent = N("QualifiedMaxCountConstraintComponent");
    public static readonly Iri ClosedConstraintComponent = N("ClosedConstraintComponent");
    public static readonly Iri HasValueConstraintComponent = N("HasValueConstraintComponent");
    public static readonly Iri InConstraintComponent = N("InConstraintComponent");

    // The validation report.
    public static readonly Iri ValidationReport = N("ValidationReport");
    public static readonly Iri ValidationResult = N("ValidationResult");
    public static readonly Iri Conforms = N("conforms");
    public static readonly Iri Result = N("result");
    public static readonly Iri FocusNode = N("focusNode");
    public static readonly Iri ResultPath = N("resultPath");
    public static readonly Iri Value = N("value");
    public static readonly Iri SourceShape = N("sourceShape");
    public static readonly Iri SourceConstraintComponent = N("sourceConstraintComponent");
    public static readonly Iri ResultSeverity = N("resultSeverity");
    public static readonly Iri ResultMessage = N("resultMessage");
    public static readonly Iri SourceConstraint = N("sourceConstraint");

    // SHACL-SPARQL (§5-6).
    public static readonly Iri Sparql = N("sparql");
    public static readonly Iri Select = N("select");
    public static readonly Iri Ask = N("ask");
    public static readonly Iri Prefixes = N("prefixes");
    public static readonly Iri Declare = N("declare");
    public static readonly Iri Prefix = N("prefix");
    public static readonly Iri PrefixNamespace = N("namespace");
    public static readonly Iri SparqlConstraintComponent = N("SPARQLConstraintComponent");
    public static readonly Iri ConstraintComponent = N("ConstraintComponent");
    public static readonly Iri Parameter = N("parameter");
    public static readonly Iri Optional = N("optional");
    public static readonly Iri Validator = N("validator");
    public static readonly Iri NodeValidator = N("nodeValidator");
    public static readonly Iri PropertyValidator = N("propertyValidator");
    public static readonly Iri OwlImports = new("http://www.w3.org/2002/07/owl#imports");
}
