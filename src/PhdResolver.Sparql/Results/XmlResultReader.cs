using System.Xml;
using System.Xml.Linq;
using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Results;

/// <summary>
/// Reads the SPARQL Query Results XML Format. Elements are matched by local name (the 2005
/// namespace is the only one in use, and old files are sometimes sloppy about it). Errors
/// carry line and column. Variables bound in results but missing from the head are appended.
/// </summary>
public static class XmlResultReader
{
    public static QueryResult Read(TextReader input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            // Our writer spells C0 controls as character references; let them read back.
            CheckCharacters = false,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        using var reader = XmlReader.Create(input, settings);
        try
        {
            return new State(reader).ReadDocument();
        }
        catch (XmlException e)
        {
            throw new RdfSyntaxException("malformed XML: " + e.Message.Split(" Line ")[0], e.LineNumber, e.LinePosition, e);
        }
    }

    private sealed class State(XmlReader reader)
    {
        private readonly IXmlLineInfo? _info = reader as IXmlLineInfo;
        private readonly List<string> _vars = [];
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

        public QueryResult ReadDocument()
        {
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "sparql")
                throw Error("the document element must be <sparql>");
            bool? boolean = null;
            List<Term?[]>? rows = null;
            if (!reader.IsEmptyElement)
            {
                reader.Read();
                while (NextChild())
                {
                    switch (reader.LocalName)
                    {
                        case "head": ReadHead(); break;
                        case "results": rows = ReadResults(); break;
                        case "boolean":
                            var text = reader.ReadElementContentAsString().Trim();
                            boolean = text switch
                            {
                                "true" or "1" => true,
                                "false" or "0" => false,
                                _ => throw Error($"<boolean> must hold true or false, not '{text}'"),
                            };
                            continue;
                        default: throw Error($"unexpected element <{reader.Name}> in <sparql>");
                    }
                }
            }
            if (boolean is { } b)
            {
                if (rows is not null) throw Error("a document cannot have both <results> and <boolean>");
                return new BooleanResult(b);
            }
            if (rows is null) throw Error("<sparql> has neither <results> nor <boolean>");
            foreach (var i in Enumerable.Range(0, rows.Count))
                if (rows[i].Length < _vars.Count) { var r = rows[i]; Array.Resize(ref r, _vars.Count); rows[i] = r; }
            return new BindingsResult(_vars, rows);
        }

        /// <summary>
        /// Moves to the next child element of the current parent (true), or past the parent's end
        /// tag (false). Whitespace is skipped; other text between structural elements is an error.
        /// </summary>
        private bool NextChild()
        {
            while (true)
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element: return true;
                    case XmlNodeType.EndElement: reader.Read(); return false;
                    case XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace or XmlNodeType.Comment
                        or XmlNodeType.ProcessingInstruction or XmlNodeType.XmlDeclaration:
                        break;
                    case XmlNodeType.None: throw Error("unexpected end of document");
                    default: throw Error($"unexpected {reader.NodeType} content");
                }
                if (!reader.Read()) throw Error("unexpected end of document");
            }
        }

        /// <summary>Steps into the current element; false (and past it) when it is empty.</summary>
        private bool Enter()
        {
            bool empty = reader.IsEmptyElement;
            reader.Read();
            return !empty;
        }

        private void ReadHead()
        {
            if (!Enter()) return;
            while (NextChild())
            {
                if (reader.LocalName == "variable")
                {
                    var name = reader.GetAttribute("name") ?? throw Error("<variable> without a name attribute");
                    if (!_index.TryAdd(name, _vars.Count)) throw Error($"variable '{name}' is declared twice");
                    _vars.Add(name);
                }
                else if (reader.LocalName != "link") throw Error($"unexpected element <{reader.Name}> in <head>");
                reader.Skip();
            }
        }

        private List<Term?[]> ReadResults()
        {
            var rows = new List<Term?[]>();
            if (!Enter()) return rows;
            while (NextChild())
            {
                if (reader.LocalName != "result") throw Error($"unexpected element <{reader.Name}> in <results>");
                var row = new Term?[_vars.Count];
                if (Enter())
                {
                    while (NextChild())
                    {
                        if (reader.LocalName != "binding") throw Error($"unexpected element <{reader.Name}> in <result>");
                        var name = reader.GetAttribute("name") ?? throw Error("<binding> without a name attribute");
                        if (!_index.TryGetValue(name, out int slot))
                        {
                            slot = _vars.Count;
                            _index[name] = slot;
                            _vars.Add(name);
                        }
                        if (slot >= row.Length) Array.Resize(ref row, _vars.Count);
                        if (row[slot] is not null) throw Error($"variable '{name}' is bound twice in one result");
                        if (!Enter()) throw Error($"<binding name=\"{name}\"> holds no term");
                        if (!NextChild()) throw Error($"<binding name=\"{name}\"> holds no term");
                        row[slot] = ReadTerm();
                        if (NextChild()) throw Error($"<binding name=\"{name}\"> holds more than one term");
                    }
                }
                rows.Add(row);
            }
            return rows;
        }

        private Term ReadTerm()
        {
            switch (reader.LocalName)
            {
                case "uri":
                    return new Iri(reader.ReadElementContentAsString().Trim());
                case "bnode":
                    var id = reader.ReadElementContentAsString().Trim();
                    if (id.Length == 0) throw Error("empty <bnode>");
                    return new BlankNode(id);
                case "literal":
                    string? lang = reader.GetAttribute("xml:lang");
                    string? dt = reader.GetAttribute("datatype");
                    var el = (XElement)XNode.ReadFrom(reader);
                    // XML literals may be written as markup; keep it as the lexical form.
                    string lexical = el.HasElements
                        ? string.Concat(el.Nodes().Select(n => n.ToString(SaveOptions.DisableFormatting)))
                        : el.Value;
                    if (lang is not null) return new Literal(lexical, lang);
                    return dt is null ? new Literal(lexical) : new Literal(lexical, new Iri(dt));
                default:
                    throw Error($"expected <uri>, <bnode> or <literal>, found <{reader.Name}>");
            }
        }

        private RdfSyntaxException Error(string message) =>
            new(message, _info?.LineNumber ?? 0, _info?.LinePosition ?? 0);
    }
}
