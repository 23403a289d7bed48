using System.Text;
using System.Xml;

namespace PhdResolver.Rdf;

/// <summary>
/// The RDF/XML grammar (RDF 1.1 XML Syntax §7) run directly over an <see cref="XmlReader"/>:
/// one method per production, recursing as node and property elements nest. Triples go to the
/// sink as soon as they are known; nothing but the current element path is kept in memory.
/// </summary>
internal sealed class RdfXmlGrammar
{
    // Each nesting level costs two stack frames (node element, property element); this keeps
    // hostile documents from overflowing the stack long before real ones get anywhere near it.
    private const int MaxDepth = 1000;

    private static readonly Iri XmlLiteralType = Vocab.Rdf.XmlLiteral;
    private static readonly Iri RdfSubject = Vocab.Rdf.Subject;

    private readonly XmlReader _xml;
    private readonly IXmlLineInfo? _pos;
    private readonly IRdfSink _sink;
    private readonly BlankNodeScope _blanks;
    private readonly Term? _graph;
    private readonly bool _lenient;
    private readonly Action<RdfSyntaxException>? _onError;
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly List<RdfXmlElement> _pool = [];
    // Element names repeat endlessly; the reader atomizes their parts, we keep the IRIs.
    private readonly Dictionary<(string Ns, string Local), Iri> _names = [];
    private StringBuilder? _text;

    public RdfXmlGrammar(XmlReader xml, IRdfSink sink, ParserOptions options)
    {
        _xml = xml;
        _pos = xml as IXmlLineInfo;
        _sink = sink;
        _blanks = options.BlankNodes ?? new BlankNodeScope();
        _graph = options.DefaultGraph;
        _lenient = options.Lenient;
        _onError = options.OnError;
    }

    /// <summary>Production doc: an rdf:RDF element, or a single node element standing for it.</summary>
    public void Document(string? baseIri)
    {
        // Skip the XML declaration, DOCTYPE, comments and processing instructions.
        do
        {
            if (!_xml.Read()) throw Error("the document has no root element");
        }
        while (_xml.NodeType != XmlNodeType.Element);
        var rootScope = new Scope(baseIri, "");
        // The document's own base, when it declares one on the root element.
        string? rootBase = _xml.GetAttribute("base", RdfXmlNames.XmlNamespace);
        if (rootBase is not null) _sink.OnBase(IriResolver.Resolve(baseIri, rootBase));
        if (_xml.NamespaceURI == RdfXmlNames.Rdf && _xml.LocalName == "RDF")
        {
            var e = ReadElement(rootScope);
            if (e.Id is not null || e.NodeId is not null || e.About is not null || e.Resource is not null
                || e.Datatype is not null || e.ParseType is not null || e.PropertyAttrs.Count > 0)
                throw Error(e, "rdf:RDF takes no attributes other than xmlns, xml:lang and xml:base");
            if (!e.IsEmpty) NodeElementList(new Scope(e.Base, e.Lang));
        }
        else
        {
            NodeElement(rootScope);
        }
        // Read to the end so that trailing garbage is still reported as an XML error.
        while (_xml.Read()) { }
    }

    /// <summary>The xml:base and xml:lang in scope.</summary>
    private readonly record struct Scope(string? Base, string Lang);

    /// <summary>Production nodeElementList: node elements separated by white space, up to the end tag.</summary>
    private void NodeElementList(Scope scope)
    {
        while (_xml.Read())
        {
            switch (_xml.NodeType)
            {
                case XmlNodeType.Element:
                    int depth = _xml.Depth;
                    try
                    {
                        NodeElement(scope);
                    }
                    catch (RdfSyntaxException ex) when (_lenient)
                    {
                        Recover(ex, depth);
                    }
                    break;
                case XmlNodeType.EndElement:
                    return;
                case XmlNodeType.Text or XmlNodeType.CDATA:
                    if (!IsWhitespace(_xml.Value)) throw Error("text is not allowed here: only node elements may appear");
                    break;
            }
        }
    }

    /// <summary>Production nodeElement. The reader is on the start tag; returns the node's subject.</summary>
    private Term NodeElement(Scope parent)
    {
        var e = ReadElement(parent);
        if (!RdfXmlNames.IsNodeElementName(e.Iri))
            throw Error(e, $"<{e.QName}> cannot be used as a node element");
        if (e.Resource is not null) throw Error(e, "rdf:resource is not allowed on a node element (use rdf:about)");
        if (e.Datatype is not null) throw Error(e, "rdf:datatype is not allowed on a node element");
        if (e.ParseType is not null) throw Error(e, "rdf:parseType is not allowed on a node element");
        int identifiers = (e.Id is null ? 0 : 1) + (e.NodeId is null ? 0 : 1) + (e.About is null ? 0 : 1);
        if (identifiers > 1) throw Error(e, "a node element may have only one of rdf:ID, rdf:about and rdf:nodeID");

        Term subject = e.Id is not null ? IdIri(e, e.Id)
            : e.NodeId is not null ? NodeIdBlank(e.NodeId)
            : e.About is not null ? ResolveIri(e, e.About)
            : _blanks.New();
        if (e.Iri != RdfXmlNames.RdfDescription) Emit(subject, Vocab.Rdf.Type, e.Name);
        EmitPropertyAttributes(e, subject);
        if (!e.IsEmpty) PropertyEltList(subject, new Scope(e.Base, e.Lang));
        return subject;
    }

    /// <summary>Production propertyEltList; the reader is on the parent's start tag and ends on its end tag.</summary>
    private void PropertyEltList(Term subject, Scope scope)
    {
        int li = 1;
        while (_xml.Read())
        {
            switch (_xml.NodeType)
            {
                case XmlNodeType.Element:
                    int depth = _xml.Depth;
                    try
                    {
                        PropertyElt(subject, scope, ref li);
                    }
                    catch (RdfSyntaxException ex) when (_lenient)
                    {
                        Recover(ex, depth);
                    }
                    break;
                case XmlNodeType.EndElement:
                    return;
                case XmlNodeType.Text or XmlNodeType.CDATA:
                    if (!IsWhitespace(_xml.Value))
                        throw Error("text is not allowed here: a node element contains only property elements");
                    break;
            }
        }
    }

    /// <summary>Production propertyElt and its alternatives; the reader is on the start tag.</summary>
    private void PropertyElt(Term subject, Scope parent, ref int li)
    {
        var e = ReadElement(parent);
        if (!RdfXmlNames.IsPropertyElementName(e.Iri))
            throw Error(e, $"<{e.QName}> cannot be used as a property element");
        if (e.About is not null) throw Error(e, "rdf:about is not allowed on a property element (use rdf:resource)");
        if (e.Resource is not null && e.NodeId is not null)
            throw Error(e, "a property element cannot have both rdf:resource and rdf:nodeID");
        // List expansion (§7.4) comes before the sub-productions: rdf:li becomes rdf:_n.
        var predicate = e.Iri == RdfXmlNames.RdfLi
            ? new Iri(RdfXmlNames.Rdf + "_" + (li++).ToString(System.Globalization.CultureInfo.InvariantCulture))
            : e.Name;

        if (e.ParseType is not null)
        {
            if (e.HasObjectAttributes || e.Datatype is not null)
                throw Error(e, "rdf:parseType cannot be combined with rdf:resource, rdf:nodeID, rdf:datatype or property attributes");
            switch (e.ParseType)
            {
                case "Resource":
                    ParseTypeResource(subject, predicate, e);
                    break;
                case "Collection":
                    ParseTypeCollection(subject, predicate, e);
                    break;
                default:
                    // "Literal", and any other value, which the grammar treats as "Literal".
                    string lexical = e.IsEmpty ? "" : XmlLiteralSerializer.ReadContent(_xml);
                    EmitStatement(subject, predicate, new Literal(lexical, XmlLiteralType), e);
                    break;
            }
            return;
        }

        if (e.IsEmpty)
        {
            EmptyPropertyElt(subject, predicate, e);
            return;
        }

        // Without rdf:parseType the content decides the production: one node element
        // (resourcePropertyElt), text (literalPropertyElt) or nothing (emptyPropertyElt).
        string? text = null;
        Term? node = null;
        while (_xml.Read())
        {
            switch (_xml.NodeType)
            {
                case XmlNodeType.Element:
                    if (node is not null) throw Error("a property element may contain only one node element");
                    if (text is not null && !IsWhitespace(text))
                        throw Error("a property element cannot contain both text and a node element");
                    if (e.HasObjectAttributes || e.Datatype is not null)
                        throw Error(e, "a property element containing a node element cannot have rdf:resource, rdf:nodeID, rdf:datatype or property attributes");
                    node = NodeElement(new Scope(e.Base, e.Lang));
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    if (node is not null)
                    {
                        if (!IsWhitespace(_xml.Value)) throw Error("text is not allowed after the node element inside a property element");
                    }
                    else
                    {
                        text = Append(text, _xml.Value);
                    }
                    break;
                case XmlNodeType.EndElement:
                    if (node is not null) EmitStatement(subject, predicate, node, e);
                    else if (text is null || text.Length == 0) EmptyPropertyElt(subject, predicate, e);
                    else LiteralPropertyElt(subject, predicate, e, text);
                    return;
            }
        }
    }

    private void LiteralPropertyElt(Term subject, Iri predicate, RdfXmlElement e, string text)
    {
        if (e.HasObjectAttributes)
            throw Error(e, "a property element with text content cannot have rdf:resource, rdf:nodeID or property attributes");
        var literal = e.Datatype is not null ? new Literal(text, ResolveIri(e, e.Datatype)) : Lit(text, e.Lang);
        EmitStatement(subject, predicate, literal, e);
    }

    private void EmptyPropertyElt(Term subject, Iri predicate, RdfXmlElement e)
    {
        Term obj;
        if (!e.HasObjectAttributes)
        {
            // RDF 1.1 has no production for an empty element with rdf:datatype; the empty typed
            // literal is what every other parser produces and what the writer relies on.
            obj = e.Datatype is not null ? new Literal("", ResolveIri(e, e.Datatype)) : Lit("", e.Lang);
        }
        else
        {
            if (e.Datatype is not null)
                throw Error(e, "rdf:datatype cannot be combined with rdf:resource, rdf:nodeID or property attributes");
            obj = e.Resource is not null ? ResolveIri(e, e.Resource)
                : e.NodeId is not null ? NodeIdBlank(e.NodeId)
                : _blanks.New();
            EmitPropertyAttributes(e, obj);
        }
        EmitStatement(subject, predicate, obj, e);
    }

    private void ParseTypeResource(Term subject, Iri predicate, RdfXmlElement e)
    {
        var node = _blanks.New();
        EmitStatement(subject, predicate, node, e);
        if (!e.IsEmpty) PropertyEltList(node, new Scope(e.Base, e.Lang));
    }

    private void ParseTypeCollection(Term subject, Iri predicate, RdfXmlElement e)
    {
        Term? previous = null;
        if (!e.IsEmpty)
        {
            var scope = new Scope(e.Base, e.Lang);
            while (_xml.Read())
            {
                if (_xml.NodeType == XmlNodeType.EndElement) break;
                if (_xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA)
                {
                    if (!IsWhitespace(_xml.Value)) throw Error("text is not allowed in an rdf:parseType=\"Collection\" element");
                    continue;
                }
                if (_xml.NodeType != XmlNodeType.Element) continue;
                var item = NodeElement(scope);
                var cell = _blanks.New();
                if (previous is null) EmitStatement(subject, predicate, cell, e);
                else Emit(previous, Vocab.Rdf.Rest, cell);
                Emit(cell, Vocab.Rdf.First, item);
                previous = cell;
            }
        }
        if (previous is null) EmitStatement(subject, predicate, Vocab.Rdf.Nil, e);
        else Emit(previous, Vocab.Rdf.Rest, Vocab.Rdf.Nil);
    }

    /// <summary>Property attributes of a node element or empty property element, about <paramref name="subject"/>.</summary>
    private void EmitPropertyAttributes(RdfXmlElement e, Term subject)
    {
        foreach (var (iri, value) in e.PropertyAttrs)
        {
            if (iri == RdfXmlNames.RdfType) Emit(subject, Vocab.Rdf.Type, ResolveIri(e, value));
            else Emit(subject, new Iri(iri), Lit(value, e.Lang));
        }
    }

    /// <summary>Emits a triple and, when the element has rdf:ID, its reification (§7.3).</summary>
    private void EmitStatement(Term subject, Iri predicate, Term obj, RdfXmlElement e)
    {
        Emit(subject, predicate, obj);
        if (e.Id is null) return;
        var r = IdIri(e, e.Id);
        Emit(r, Vocab.Rdf.Type, Vocab.Rdf.Statement);
        Emit(r, RdfSubject, subject);
        Emit(r, Vocab.Rdf.Predicate, predicate);
        Emit(r, Vocab.Rdf.Object, obj);
    }

    /// <summary>
    /// Lenient mode: reports the error and skips the rest of the offending element (at
    /// <paramref name="depth"/>), so the document goes on with its next sibling. Triples the
    /// element produced before the error stay; XML well-formedness errors are never recovered.
    /// </summary>
    private void Recover(RdfSyntaxException ex, int depth)
    {
        _onError?.Invoke(ex);
        if (_xml.NodeType == XmlNodeType.Attribute) _xml.MoveToElement();
        while (_xml.Depth >= depth)
        {
            if (_xml.Depth == depth && (_xml.NodeType == XmlNodeType.EndElement
                || (_xml.NodeType == XmlNodeType.Element && _xml.IsEmptyElement)))
                return;
            if (!_xml.Read()) return;
        }
    }

    private void Emit(Term s, Term p, Term o) => _sink.OnQuad(new Quad(s, p, o, _graph));

    /// <summary>
    /// Reads the start tag the reader is on: the element's IRI, its rdf: attributes (including
    /// the unqualified forms RDF/XML still accepts), property attributes, xml:base and xml:lang.
    /// Namespace declarations are reported to the sink as prefixes.
    /// </summary>
    private RdfXmlElement ReadElement(Scope parent)
    {
        int depth = _xml.Depth;
        if (depth > MaxDepth) throw Error($"elements are nested more than {MaxDepth} deep");
        while (_pool.Count <= depth) _pool.Add(new RdfXmlElement());
        var e = _pool[depth];
        e.Reset();
        e.Line = _pos?.LineNumber ?? 0;
        e.Column = _pos?.LinePosition ?? 0;
        e.QName = _xml.Name;
        e.IsEmpty = _xml.IsEmptyElement;
        if (_xml.NamespaceURI.Length == 0)
            throw Error(e, $"<{e.QName}> has no namespace: RDF/XML element names must be namespace-qualified IRIs");
        var key = (_xml.NamespaceURI, _xml.LocalName);
        if (!_names.TryGetValue(key, out var name))
        {
            // Namespace + local name must be an IRI (fuzzing: xmlns:eg="example.org/" made
            // relative predicates that no writer can write and no syntax can read back).
            if (!IriResolver.IsAbsolute(key.NamespaceURI) || !IsIriText(key.NamespaceURI))
                throw Error(e, $"the namespace '{key.NamespaceURI}' of <{e.QName}> is not an absolute IRI");
            name = new Iri(string.Concat(key.NamespaceURI, key.LocalName));
            _names.Add(key, name);
        }
        e.Name = name;
        e.Iri = name.Value;
        if (RdfXmlNames.IsOldTerm(e.Iri)) throw Error(e, $"<{e.QName}> has been withdrawn from RDF and is not allowed");

        string? xmlBase = null, xmlLang = null;
        if (_xml.MoveToFirstAttribute())
        {
            do
            {
                string ns = _xml.NamespaceURI, local = _xml.LocalName, prefix = _xml.Prefix;
                if (ns == RdfXmlNames.XmlnsNamespace)
                {
                    _sink.OnPrefix(prefix.Length == 0 ? "" : local, _xml.Value);
                    continue;
                }
                if (ns == RdfXmlNames.XmlNamespace)
                {
                    // Both are checked here, where the attribute gives the position: a bad tag or a base with
                    // characters no IRI may hold parsed into data no other syntax could write (fuzzing).
                    if (local == "lang")
                    {
                        xmlLang = _xml.Value;
                        if (xmlLang.Length > 0 && !IsLanguageTag(xmlLang)) throw AttrError(e, $"bad language tag '{xmlLang}' in xml:lang (BCP 47: letters, then '-' and letters or digits)");
                    }
                    else if (local == "base")
                    {
                        xmlBase = _xml.Value;
                        if (!IsIriText(xmlBase)) throw AttrError(e, "xml:base is not an IRI: it contains a character IRIs cannot contain (space, control, <, >, \", {, }, |, \\, ^ or `)");
                    }
                    continue;
                }
                // Other reserved xml* names are ignored (§6.1.2).
                if (prefix.StartsWith("xml", StringComparison.OrdinalIgnoreCase)) continue;
                string iri;
                if (ns.Length == 0)
                {
                    if (local.StartsWith("xml", StringComparison.OrdinalIgnoreCase)) continue;
                    if (local is not ("ID" or "about" or "resource" or "parseType" or "type"))
                        throw AttrError(e, $"attribute '{local}' has no namespace: RDF/XML attributes must be namespace-qualified");
                    iri = RdfXmlNames.Rdf + local;
                }
                else
                {
                    if (!IriResolver.IsAbsolute(ns) || !IsIriText(ns))
                        throw AttrError(e, $"the namespace '{ns}' of attribute '{_xml.Name}' is not an absolute IRI");
                    iri = string.Concat(ns, local);
                }
                ClassifyAttribute(e, iri, _xml.Name, _xml.Value);
            }
            while (_xml.MoveToNextAttribute());
            _xml.MoveToElement();
        }
        e.Base = xmlBase is null ? parent.Base : IriResolver.Resolve(parent.Base, xmlBase);
        e.Lang = xmlLang ?? parent.Lang;
        return e;
    }

    private void ClassifyAttribute(RdfXmlElement e, string iri, string qname, string value)
    {
        switch (iri)
        {
            case RdfXmlNames.RdfId:
                if (!RdfXmlNames.IsNCName(value)) throw AttrError(e, $"rdf:ID value '{value}' is not an XML NCName");
                Set(ref e.Id, value, e, qname);
                break;
            case RdfXmlNames.RdfNodeId:
                if (!RdfXmlNames.IsNCName(value)) throw AttrError(e, $"rdf:nodeID value '{value}' is not an XML NCName");
                Set(ref e.NodeId, value, e, qname);
                break;
            case RdfXmlNames.RdfAbout:
                Set(ref e.About, value, e, qname);
                break;
            case RdfXmlNames.RdfResource:
                Set(ref e.Resource, value, e, qname);
                break;
            case RdfXmlNames.RdfDatatype:
                Set(ref e.Datatype, value, e, qname);
                break;
            case RdfXmlNames.RdfParseType:
                Set(ref e.ParseType, value, e, qname);
                break;
            default:
                if (!RdfXmlNames.IsPropertyAttributeName(iri))
                    throw AttrError(e, $"'{qname}' cannot be used as an attribute");
                foreach (var (other, _) in e.PropertyAttrs)
                {
                    if (other == iri) throw AttrError(e, $"attribute '{qname}' repeats a property already given");
                }
                e.PropertyAttrs.Add((iri, value));
                break;
        }
    }

    private void Set(ref string? slot, string value, RdfXmlElement e, string qname)
    {
        // Only reachable through the unqualified and rdf: spellings of one attribute.
        if (slot is not null) throw AttrError(e, $"attribute '{qname}' is given twice (qualified and unqualified)");
        slot = value;
    }

    private Iri IdIri(RdfXmlElement e, string id)
    {
        var iri = ResolveIri(e, "#" + id);
        // constraint-id: an rdf:ID value may appear only once per base IRI.
        if (!_ids.Add(iri.Value)) throw Error(e, $"rdf:ID '{id}' is used twice (it names <{iri.Value}>)");
        return iri;
    }

    private BlankNode NodeIdBlank(string label) => _blanks.Get(label);

    /// <summary>
    /// No character an IRI cannot contain (RFC 3987: space, controls, &lt; &gt; " { } | \ ^ `):
    /// XML attributes can hold them, but then no other RDF syntax could carry the IRI (fuzzing).
    /// </summary>
    private static bool IsIriText(string s)
    {
        foreach (char c in s)
            if (c <= ' ' || c is '<' or '>' or '"' or '{' or '}' or '|' or '\\' or '^' or '`') return false;
        return true;
    }

    /// <summary>The language-tag syntax of Turtle and N-Triples (<c>[a-zA-Z]+ ('-' [a-zA-Z0-9]+)*</c>), so every writer can write it.</summary>
    private static bool IsLanguageTag(string s)
    {
        int i = 0;
        while (i < s.Length && char.IsAsciiLetter(s[i])) i++;
        if (i == 0) return false;
        while (i < s.Length)
        {
            if (s[i++] != '-') return false;
            int sub = i;
            while (i < s.Length && char.IsAsciiLetterOrDigit(s[i])) i++;
            if (i == sub) return false;
        }
        return true;
    }

    private Iri ResolveIri(RdfXmlElement e, string reference)
    {
        if (!IsIriText(reference))
            throw Error(e, $"'{reference}' is not an IRI: it contains a character IRIs cannot contain (space, control, <, >, \", {{, }}, |, \\, ^ or `)");
        // Most references are absolute without dot segments: resolution would return them as
        // they are, so skip the splitting it costs.
        if (IriResolver.IsAbsolute(reference) && !reference.Contains("/.", StringComparison.Ordinal)
            && !reference.Contains(":.", StringComparison.Ordinal))
            return new Iri(reference);
        string resolved = IriResolver.Resolve(e.Base, reference);
        if (!IriResolver.IsAbsolute(resolved))
            throw Error(e, $"relative IRI '{reference}' cannot be resolved: there is no base IRI (give one in the parser options or with xml:base)");
        return new Iri(resolved);
    }

    private static Literal Lit(string value, string lang) => lang.Length == 0 ? new Literal(value) : new Literal(value, lang);

    private string Append(string? text, string more)
    {
        if (text is null) return more;
        _text ??= new StringBuilder();
        _text.Clear().Append(text).Append(more);
        return _text.ToString();
    }

    /// <summary>XML white space (production S): space, tab, CR, LF.</summary>
    private static bool IsWhitespace(string s)
    {
        foreach (char c in s)
        {
            if (c is not (' ' or '\t' or '\r' or '\n')) return false;
        }
        return true;
    }

    private RdfSyntaxException Error(string message) =>
        new(message, _pos?.LineNumber ?? 0, _pos?.LinePosition ?? 0);

    private static RdfSyntaxException Error(RdfXmlElement e, string message) => new(message, e.Line, e.Column);

    /// <summary>An error about the attribute the reader is on (its own position, not the element's).</summary>
    private RdfSyntaxException AttrError(RdfXmlElement e, string message) =>
        _pos is { LineNumber: > 0 } p ? new(message, p.LineNumber, p.LinePosition) : Error(e, message);
}
