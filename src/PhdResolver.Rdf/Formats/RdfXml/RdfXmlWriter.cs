using System.Globalization;

namespace PhdResolver.Rdf;

/// <summary>
/// Writes RDF/XML that a person can read: one node element per subject (grouped, in order of
/// first appearance), typed node elements where an <c>rdf:type</c> IRI makes a QName, blank
/// nodes by <c>rdf:nodeID</c> (never nested, so any graph shape, cycles included, is written the
/// same way), and literals as element text with <c>xml:lang</c> or <c>rdf:datatype</c>.
/// </summary>
/// <remarks>
/// RDF/XML has no named graphs: the triples of all graphs are written into the one graph, with
/// duplicates merged. Callers that must keep graphs apart need N-Quads, TriG or JSON-LD.
/// Quads are buffered until <see cref="Finish"/>, since grouping needs the whole graph.
/// A graph whose predicate IRIs do not end in an XML name cannot be written in RDF/XML at all;
/// that is reported by <see cref="OnQuad"/> as a <see cref="NotSupportedException"/>.
/// </remarks>
public sealed class RdfXmlWriter : IRdfWriter
{
    private readonly TextWriter _out;
    private readonly WriterOptions _options;
    private readonly Dictionary<Term, List<(Iri P, Term O)>> _bySubject = [];
    private readonly List<Term> _subjects = [];
    private readonly HashSet<Triple> _seen = [];
    private readonly Dictionary<string, (string Ns, string Local)> _qnames = new(StringComparer.Ordinal);
    private readonly Dictionary<BlankNode, string> _nodeIds = [];
    private Dictionary<string, string> _prefixOf = new(StringComparer.Ordinal); // namespace -> prefix
    private bool _finished;

    public RdfXmlWriter(TextWriter output, WriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        _out = output;
        _options = options ?? WriterOptions.Default;
    }

    public RdfFormat Format => RdfFormat.RdfXml;

    public void OnQuad(in Quad quad)
    {
        if (_finished) throw new InvalidOperationException("the RDF/XML document is already finished");
        if (quad.Subject is Literal)
            throw new NotSupportedException($"RDF/XML cannot write a literal as a subject: {quad}");
        if (quad.Predicate is not Iri predicate)
            throw new NotSupportedException($"RDF/XML cannot write a predicate that is not an IRI: {quad}");
        if (!_qnames.ContainsKey(predicate.Value))
        {
            if (!RdfXmlNames.IsPropertyElementName(predicate.Value) || predicate.Value == RdfXmlNames.RdfLi)
                throw new NotSupportedException($"RDF/XML cannot use <{predicate.Value}> as a property: it is reserved RDF/XML syntax");
            _qnames.Add(predicate.Value, SplitOrThrow(predicate.Value));
        }
        if (!_seen.Add(new Triple(quad.Subject, predicate, quad.Object))) return;
        if (!_bySubject.TryGetValue(quad.Subject, out var props))
        {
            props = [];
            _bySubject.Add(quad.Subject, props);
            _subjects.Add(quad.Subject);
        }
        props.Add((predicate, quad.Object));
    }

    public void Finish()
    {
        if (_finished) return;
        _finished = true;

        // Refuse what XML 1.0 cannot carry before the first byte: never half a document.
        foreach (var s in _subjects)
            if (XmlChars.Find(_bySubject[s].Select(po => new Quad(s, po.P, po.O))) is { } bad)
                throw new UnwritableDataException($"RDF/XML cannot be written: {bad.Message}");
        if (_options.BaseIri is { } b && !XmlChars.IsValid(b))
            throw new UnwritableDataException("RDF/XML cannot be written: the base IRI contains a character XML 1.0 cannot carry");

        // Pick each subject's node element name first: those types need namespaces too.
        var typeOf = new Dictionary<Term, Iri>();
        foreach (var s in _subjects)
        {
            foreach (var (p, o) in _bySubject[s])
            {
                if (p.Value == RdfXmlNames.RdfType && o is Iri t && IsTypeElementName(t.Value))
                {
                    typeOf[s] = t;
                    break;
                }
            }
        }
        var declarations = DeclareNamespaces();

        string nl = _options.Pretty ? "\n" : "";
        bool utf8 = _out.Encoding is System.Text.UTF8Encoding;
        _out.Write(utf8 ? "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" : "<?xml version=\"1.0\"?>\n");
        _out.Write("<rdf:RDF");
        foreach (var (prefix, ns) in declarations)
        {
            _out.Write(_options.Pretty ? "\n    xmlns:" : " xmlns:");
            _out.Write(prefix);
            _out.Write("=\"");
            WriteEscaped(ns, attribute: true);
            _out.Write('"');
        }
        string? baseIri = _options.BaseIri;
        if (!string.IsNullOrEmpty(baseIri))
        {
            _out.Write(_options.Pretty ? "\n    xml:base=\"" : " xml:base=\"");
            WriteEscaped(baseIri, attribute: true);
            _out.Write('"');
        }
        _out.Write('>');
        _out.Write(nl);

        foreach (var s in _subjects)
        {
            typeOf.TryGetValue(s, out var type);
            WriteNode(s, type, _bySubject[s]);
        }
        _out.Write("</rdf:RDF>\n");
        _out.Flush();
    }

    private void WriteNode(Term subject, Iri? type, List<(Iri P, Term O)> props)
    {
        string element = type is null ? "rdf:Description" : QName(type.Value);
        Indent(1);
        _out.Write('<');
        _out.Write(element);
        WriteSubjectAttribute(subject);
        bool typeWritten = false;
        int remaining = props.Count - (type is null ? 0 : 1);
        if (remaining == 0)
        {
            _out.Write("/>");
            NewLine();
            return;
        }
        _out.Write('>');
        NewLine();
        foreach (var (p, o) in props)
        {
            // The type that named the node element is not repeated as a property.
            if (!typeWritten && type is not null && p.Value == RdfXmlNames.RdfType && type.Equals(o))
            {
                typeWritten = true;
                continue;
            }
            WriteProperty(p, o);
        }
        Indent(1);
        _out.Write("</");
        _out.Write(element);
        _out.Write('>');
        NewLine();
    }

    private void WriteSubjectAttribute(Term subject)
    {
        if (subject is BlankNode b)
        {
            _out.Write(" rdf:nodeID=\"");
            _out.Write(NodeId(b));
        }
        else
        {
            _out.Write(" rdf:about=\"");
            WriteEscaped(Reference(((Iri)subject).Value), attribute: true);
        }
        _out.Write('"');
    }

    private void WriteProperty(Iri predicate, Term obj)
    {
        string name = QName(predicate.Value);
        Indent(2);
        _out.Write('<');
        _out.Write(name);
        switch (obj)
        {
            case Iri iri:
                _out.Write(" rdf:resource=\"");
                WriteEscaped(Reference(iri.Value), attribute: true);
                _out.Write("\"/>");
                break;
            case BlankNode b:
                _out.Write(" rdf:nodeID=\"");
                _out.Write(NodeId(b));
                _out.Write("\"/>");
                break;
            case Literal lit:
                if (lit.Language is not null)
                {
                    _out.Write(" xml:lang=\"");
                    WriteEscaped(lit.Language, attribute: true);
                    _out.Write('"');
                }
                else if (!lit.IsSimple)
                {
                    // rdf:XMLLiteral too: as escaped text with rdf:datatype its lexical form
                    // round-trips exactly, which rdf:parseType="Literal" would not promise.
                    _out.Write(" rdf:datatype=\"");
                    WriteEscaped(lit.Datatype.Value, attribute: true);
                    _out.Write('"');
                }
                _out.Write('>');
                WriteEscaped(lit.Lexical, attribute: false);
                _out.Write("</");
                _out.Write(name);
                _out.Write('>');
                break;
        }
        NewLine();
    }

    /// <summary>
    /// Namespace declarations in order: rdf, the caller's prefixes that are usable in XML, then
    /// generated <c>ns0</c>, <c>ns1</c>... for namespaces of predicates and types still lacking one.
    /// </summary>
    private List<(string Prefix, string Ns)> DeclareNamespaces()
    {
        var declarations = new List<(string, string)> { ("rdf", RdfXmlNames.Rdf) };
        var usedPrefixes = new HashSet<string>(StringComparer.Ordinal) { "rdf" };
        _prefixOf = new Dictionary<string, string>(StringComparer.Ordinal) { [RdfXmlNames.Rdf] = "rdf" };
        if (_options.Prefixes is { } given)
        {
            foreach (var (prefix, ns) in given)
            {
                if (!RdfXmlNames.IsNCName(prefix) || prefix.StartsWith("xml", StringComparison.OrdinalIgnoreCase)
                    || ns.Length == 0 || ns == RdfXmlNames.XmlNamespace || ns == RdfXmlNames.XmlnsNamespace
                    || !IsXmlText(ns) || usedPrefixes.Contains(prefix) || _prefixOf.ContainsKey(ns))
                    continue;
                declarations.Add((prefix, ns));
                usedPrefixes.Add(prefix);
                _prefixOf.Add(ns, prefix);
            }
        }
        int next = 0;
        // _qnames holds every predicate and every type chosen for a node element.
        foreach (var (ns, _) in _qnames.Values)
        {
            if (_prefixOf.ContainsKey(ns)) continue;
            string prefix;
            do prefix = "ns" + (next++).ToString(CultureInfo.InvariantCulture);
            while (usedPrefixes.Contains(prefix));
            declarations.Add((prefix, ns));
            usedPrefixes.Add(prefix);
            _prefixOf.Add(ns, prefix);
        }
        return declarations;
    }

    /// <summary>True if the type IRI can name a node element (and is recorded for a namespace).</summary>
    private bool IsTypeElementName(string iri)
    {
        if (_qnames.ContainsKey(iri)) return iri != RdfXmlNames.RdfDescription && RdfXmlNames.IsNodeElementName(iri);
        if (iri == RdfXmlNames.RdfDescription || !RdfXmlNames.IsNodeElementName(iri)) return false;
        if (!RdfXmlNames.TrySplitQName(iri, out var ns, out var local) || !IsUsableNamespace(ns)) return false;
        _qnames.Add(iri, (ns, local));
        return true;
    }

    private static (string Ns, string Local) SplitOrThrow(string iri)
    {
        if (!RdfXmlNames.TrySplitQName(iri, out var ns, out var local) || !IsUsableNamespace(ns))
            throw new NotSupportedException(
                $"RDF/XML cannot write the predicate <{iri}>: it does not end in a valid XML local name, so it cannot be an element name (use Turtle, N-Triples or JSON-LD for this graph)");
        return (ns, local);
    }

    private static bool IsUsableNamespace(string ns) =>
        ns != RdfXmlNames.XmlNamespace && ns != RdfXmlNames.XmlnsNamespace && IsXmlText(ns);

    private string QName(string iri)
    {
        var (ns, local) = _qnames[iri];
        return string.Concat(_prefixOf[ns], ":", local);
    }

    private string Reference(string iri) =>
        string.IsNullOrEmpty(_options.BaseIri) ? iri : IriResolver.Relativize(_options.BaseIri, iri);

    /// <summary>Blank nodes get labels of our own: any graph's labels become valid, unique NCNames.</summary>
    private string NodeId(BlankNode b)
    {
        if (!_nodeIds.TryGetValue(b, out var id))
        {
            id = "b" + _nodeIds.Count.ToString(CultureInfo.InvariantCulture);
            _nodeIds.Add(b, id);
        }
        return id;
    }

    private void Indent(int level)
    {
        if (_options.Pretty) _out.Write(level == 1 ? "  " : "    ");
    }

    private void NewLine()
    {
        if (_options.Pretty) _out.Write('\n');
    }

    private void WriteEscaped(string s, bool attribute) => XmlChars.WriteEscaped(_out, s, attribute, "RDF/XML");

    private static bool IsXmlText(string s) => XmlChars.IsValid(s);
}
