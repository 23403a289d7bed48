using System.Xml;

namespace PhdResolver.Rdf;

/// <summary>
/// The reserved names of RDF/XML (RDF 1.1 XML Syntax §7.2.2-7.2.7) and QName helpers shared by
/// the parser and the writer.
/// </summary>
internal static class RdfXmlNames
{
    public const string Rdf = Vocab.Rdf.Namespace;
    public const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";
    public const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";

    public const string RdfRdf = Rdf + "RDF";
    public const string RdfDescription = Rdf + "Description";
    public const string RdfLi = Rdf + "li";
    public const string RdfId = Rdf + "ID";
    public const string RdfAbout = Rdf + "about";
    public const string RdfParseType = Rdf + "parseType";
    public const string RdfResource = Rdf + "resource";
    public const string RdfNodeId = Rdf + "nodeID";
    public const string RdfDatatype = Rdf + "datatype";
    public const string RdfType = Rdf + "type";

    /// <summary>coreSyntaxTerms: never a node, property element or property attribute name.</summary>
    public static bool IsCoreSyntaxTerm(string iri) => iri is RdfRdf or RdfId or RdfAbout or RdfParseType
        or RdfResource or RdfNodeId or RdfDatatype;

    /// <summary>oldTerms: withdrawn from the language, so an error wherever they appear.</summary>
    public static bool IsOldTerm(string iri) => iri is Rdf + "aboutEach" or Rdf + "aboutEachPrefix" or Rdf + "bagID";

    /// <summary>nodeElementIRIs.</summary>
    public static bool IsNodeElementName(string iri) => !IsCoreSyntaxTerm(iri) && iri != RdfLi && !IsOldTerm(iri);

    /// <summary>propertyElementURIs.</summary>
    public static bool IsPropertyElementName(string iri) => !IsCoreSyntaxTerm(iri) && iri != RdfDescription && !IsOldTerm(iri);

    /// <summary>propertyAttributeIRIs.</summary>
    public static bool IsPropertyAttributeName(string iri) =>
        !IsCoreSyntaxTerm(iri) && iri != RdfDescription && iri != RdfLi && !IsOldTerm(iri);

    /// <summary>True for an XML NCName (XML 1.0 fifth edition, so supplementary characters count).</summary>
    public static bool IsNCName(string s)
    {
        if (s.Length == 0) return false;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsHighSurrogate(c))
            {
                // #x10000-#xEFFFF are name (start) characters.
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])) return false;
                if (char.ConvertToUtf32(c, s[i + 1]) > 0xEFFFF) return false;
                i++;
                continue;
            }
            if (i == 0 ? !XmlConvert.IsStartNCNameChar(c) : !XmlConvert.IsNCNameChar(c)) return false;
        }
        return true;
    }

    /// <summary>
    /// Splits an IRI into namespace and local name for use as an XML QName: after the last
    /// character that cannot be part of an NCName, moving right until the local name starts with
    /// a letter or '_' (RDF 1.1 XML Syntax §8). False if no non-empty local name is possible.
    /// </summary>
    public static bool TrySplitQName(string iri, out string ns, out string local)
    {
        int i = iri.Length;
        while (i > 0 && XmlConvert.IsNCNameChar(iri[i - 1])) i--;
        // Surrogate pairs are legal NCName characters in XML 1.0 5th edition but XmlConvert
        // tests UTF-16 units; keeping the split conservative only costs a longer namespace.
        while (i < iri.Length && !(char.IsLetter(iri[i]) || iri[i] == '_')) i++;
        if (i >= iri.Length || i == 0)
        {
            ns = local = "";
            return false;
        }
        ns = iri[..i];
        local = iri[i..];
        return IsNCName(local);
    }
}
