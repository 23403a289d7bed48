using System.Text;
using System.Xml;

namespace PhdResolver.Rdf;

/// <summary>
/// Turns the content of an <c>rdf:parseType="Literal"</c> property element into the lexical form
/// of an <c>rdf:XMLLiteral</c>: Exclusive XML Canonicalization with comments (RDF 1.1 XML Syntax
/// §7.2.17). That means empty elements written as start/end pairs, attributes sorted, only the
/// namespace declarations an element visibly uses (and no ancestor in the literal already
/// declared), and the c14n escaping rules for text and attribute values.
/// </summary>
internal static class XmlLiteralSerializer
{
    /// <summary>One rendered namespace declaration, kept on a stack that mirrors element nesting.</summary>
    private readonly record struct Rendered(string Prefix, string Uri, int Depth);

    /// <summary>
    /// Reads from just after the start tag of a non-empty element to its end tag (the reader is
    /// left on that end tag) and returns the canonical form of everything in between.
    /// </summary>
    public static string ReadContent(XmlReader reader)
    {
        var sb = new StringBuilder();
        var rendered = new List<Rendered>();
        var attrs = new List<(string Ns, string Local, string QName, string Value)>();
        var decls = new List<(string Prefix, string Uri)>();
        int baseDepth = reader.Depth;
        while (reader.Read())
        {
            int depth = reader.Depth - baseDepth; // 1 for the literal's top-level nodes
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    WriteStartTag(reader, sb, rendered, attrs, decls, depth);
                    if (reader.IsEmptyElement) WriteEndTag(reader.Name, sb, rendered, depth);
                    break;
                case XmlNodeType.EndElement:
                    if (depth == 0) return sb.ToString();
                    WriteEndTag(reader.Name, sb, rendered, depth);
                    break;
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                case XmlNodeType.Whitespace:
                case XmlNodeType.SignificantWhitespace:
                    AppendText(sb, reader.Value);
                    break;
                case XmlNodeType.Comment:
                    sb.Append("<!--").Append(reader.Value).Append("-->");
                    break;
                case XmlNodeType.ProcessingInstruction:
                    sb.Append("<?").Append(reader.Name);
                    if (reader.Value.Length > 0) sb.Append(' ').Append(reader.Value);
                    sb.Append("?>");
                    break;
            }
        }
        throw new XmlException("unexpected end of document inside an rdf:parseType=\"Literal\" element");
    }

    private static void WriteStartTag(XmlReader reader, StringBuilder sb, List<Rendered> rendered,
        List<(string Ns, string Local, string QName, string Value)> attrs, List<(string Prefix, string Uri)> decls, int depth)
    {
        attrs.Clear();
        decls.Clear();
        string name = reader.Name;
        // Namespaces the element visibly utilizes: its own prefix (the default namespace when it
        // has none) and the prefixes of its attributes (unprefixed attributes use no namespace).
        Utilize(reader.Prefix, reader.NamespaceURI, rendered, decls);
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                if (reader.NamespaceURI == RdfXmlNames.XmlnsNamespace) continue;
                if (reader.Prefix.Length > 0 && reader.Prefix != "xml") Utilize(reader.Prefix, reader.NamespaceURI, rendered, decls);
                attrs.Add((reader.NamespaceURI, reader.LocalName, reader.Name, reader.Value));
            }
            while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }
        decls.Sort((a, b) => string.CompareOrdinal(a.Prefix, b.Prefix));
        attrs.Sort((a, b) =>
        {
            int c = string.CompareOrdinal(a.Ns, b.Ns);
            return c != 0 ? c : string.CompareOrdinal(a.Local, b.Local);
        });

        sb.Append('<').Append(name);
        foreach (var (prefix, uri) in decls)
        {
            if (prefix.Length == 0) sb.Append(" xmlns=\"");
            else sb.Append(" xmlns:").Append(prefix).Append("=\"");
            AppendAttributeValue(sb, uri);
            sb.Append('"');
            rendered.Add(new Rendered(prefix, uri, depth));
        }
        foreach (var a in attrs)
        {
            sb.Append(' ').Append(a.QName).Append("=\"");
            AppendAttributeValue(sb, a.Value);
            sb.Append('"');
        }
        sb.Append('>');
    }

    private static void Utilize(string prefix, string uri, List<Rendered> rendered, List<(string Prefix, string Uri)> decls)
    {
        foreach (var d in decls)
            if (d.Prefix == prefix) return;
        // The nearest output ancestor's declaration of this prefix, if any.
        string? inScope = null;
        for (int i = rendered.Count - 1; i >= 0; i--)
        {
            if (rendered[i].Prefix == prefix)
            {
                inScope = rendered[i].Uri;
                break;
            }
        }
        if (inScope == uri) return;
        // An unqualified element needs xmlns="" only to undo a default namespace rendered above it.
        if (prefix.Length == 0 && uri.Length == 0 && inScope is null) return;
        decls.Add((prefix, uri));
    }

    private static void WriteEndTag(string name, StringBuilder sb, List<Rendered> rendered, int depth)
    {
        sb.Append("</").Append(name).Append('>');
        while (rendered.Count > 0 && rendered[^1].Depth >= depth) rendered.RemoveAt(rendered.Count - 1);
    }

    private static void AppendText(StringBuilder sb, string text)
    {
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '\r': sb.Append("&#xD;"); break;
                default: sb.Append(c); break;
            }
        }
    }

    private static void AppendAttributeValue(StringBuilder sb, string value)
    {
        foreach (char c in value)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\t': sb.Append("&#x9;"); break;
                case '\n': sb.Append("&#xA;"); break;
                case '\r': sb.Append("&#xD;"); break;
                default: sb.Append(c); break;
            }
        }
    }
}
