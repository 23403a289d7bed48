namespace PhdResolver.Rdf;

/// <summary>Well-known IRIs. Shared instances avoid re-allocating the same IRI on hot paths.</summary>
public static class Vocab
{
    public static class Rdf
    {
        public const string Namespace = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
        public static readonly Iri Type = new(Namespace + "type");
        public static readonly Iri First = new(Namespace + "first");
        public static readonly Iri Rest = new(Namespace + "rest");
        public static readonly Iri Nil = new(Namespace + "nil");
        public static readonly Iri LangString = new(Namespace + "langString");
        public static readonly Iri DirLangString = new(Namespace + "dirLangString");
        public static readonly Iri XmlLiteral = new(Namespace + "XMLLiteral");
        public static readonly Iri Html = new(Namespace + "HTML");
        public static readonly Iri Json = new(Namespace + "JSON");
        public static readonly Iri Value = new(Namespace + "value");
        public static readonly Iri Subject = new(Namespace + "subject");
        public static readonly Iri Predicate = new(Namespace + "predicate");
        public static readonly Iri Object = new(Namespace + "object");
        public static readonly Iri Statement = new(Namespace + "Statement");
        public static readonly Iri Direction = new(Namespace + "direction");
        public static readonly Iri Language = new(Namespace + "language");
    }

    public static class Rdfs
    {
        public const string Namespace = "http://www.w3.org/2000/01/rdf-schema#";
        public static readonly Iri Label = new(Namespace + "label");
        public static readonly Iri Comment = new(Namespace + "comment");
        public static readonly Iri SubClassOf = new(Namespace + "subClassOf");
        public static readonly Iri Class = new(Namespace + "Class");
    }

    public static class Xsd
    {
        public const string Namespace = "http://www.w3.org/2001/XMLSchema#";
        public const string StringValue = Namespace + "string";
        public static readonly Iri String = new(StringValue);
        public static readonly Iri Boolean = new(Namespace + "boolean");
        public static readonly Iri Integer = new(Namespace + "integer");
        public static readonly Iri Decimal = new(Namespace + "decimal");
        public static readonly Iri Double = new(Namespace + "double");
        public static readonly Iri Float = new(Namespace + "float");
        public static readonly Iri DateTime = new(Namespace + "dateTime");
        public static readonly Iri Date = new(Namespace + "date");
        public static readonly Iri Long = new(Namespace + "long");
        public static readonly Iri Int = new(Namespace + "int");
        public static readonly Iri AnyUri = new(Namespace + "anyURI");
    }

    public static class Owl
    {
        public const string Namespace = "http://www.w3.org/2002/07/owl#";
        public static readonly Iri SameAs = new(Namespace + "sameAs");
    }
}
