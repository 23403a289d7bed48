using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Results;

/// <summary>
/// SPARQL Query Results XML Format (<c>application/sparql-results+xml</c>), written by hand
/// for streaming. Text is escaped so it reads back unchanged: <c>&amp; &lt; &gt;</c> always
/// (which also breaks any <c>]]&gt;</c>), and CR as <c>&amp;#xD;</c> because XML parsers
/// would otherwise normalise it to LF.
/// </summary>
public sealed class XmlResultWriter(TextWriter output) : SparqlResultWriter(output)
{
    public const string Namespace = "http://www.w3.org/2005/sparql-results#";

    private IReadOnlyList<string> _vars = [];

    public override SparqlResultFormat Format => SparqlResultFormat.Xml;

    public override void WriteBoolean(bool value)
    {
        Output.Write("<?xml version=\"1.0\"?>\n<sparql xmlns=\"" + Namespace + "\">\n  <head/>\n  <boolean>");
        Output.Write(value ? "true" : "false");
        Output.Write("</boolean>\n</sparql>\n");
        Output.Flush();
    }

    public override void WriteHead(IReadOnlyList<string> variables)
    {
        _vars = variables;
        Output.Write("<?xml version=\"1.0\"?>\n<sparql xmlns=\"" + Namespace + "\">\n  <head>\n");
        foreach (var v in variables)
        {
            Output.Write("    <variable name=\"");
            WriteEscaped(v, attribute: true);
            Output.Write("\"/>\n");
        }
        Output.Write("  </head>\n  <results>\n");
    }

    public override void WriteRow(Term?[] row)
    {
        // XML 1.0 cannot carry U+0000 and most C0 controls, not even as character references:
        // refuse the row before writing any of it rather than emit a document no parser accepts.
        foreach (var t in row)
        {
            string? bad = t switch
            {
                Iri iri when !XmlChars.IsValid(iri.Value) => iri.Value,
                BlankNode b when !XmlChars.IsValid(b.Id) => b.Id,
                Literal l when !XmlChars.IsValid(l.Lexical) => l.Lexical,
                Literal l when !XmlChars.IsValid(l.Datatype.Value) => l.Datatype.Value,
                Literal { Language: { } lang } when !XmlChars.IsValid(lang) => lang,
                _ => null,
            };
            if (bad is not null)
                throw new ResultSyntaxException($"the result contains U+{(int)bad[XmlChars.FirstInvalid(bad)]:X4}, which XML 1.0 cannot represent; ask for JSON results (application/sparql-results+json)");
        }
        Output.Write("    <result>\n");
        for (int i = 0; i < row.Length; i++)
        {
            var t = row[i];
            if (t is null) continue;
            Output.Write("      <binding name=\"");
            WriteEscaped(_vars[i], attribute: true);
            Output.Write("\">");
            switch (t)
            {
                case Iri iri:
                    Output.Write("<uri>");
                    WriteEscaped(iri.Value, attribute: false);
                    Output.Write("</uri>");
                    break;
                case BlankNode b:
                    Output.Write("<bnode>");
                    WriteEscaped(b.Id, attribute: false);
                    Output.Write("</bnode>");
                    break;
                case Literal l:
                    if (l.Language is not null)
                    {
                        Output.Write("<literal xml:lang=\"");
                        WriteEscaped(l.Language, attribute: true);
                        Output.Write("\">");
                    }
                    else if (!l.IsSimple)
                    {
                        Output.Write("<literal datatype=\"");
                        WriteEscaped(l.Datatype.Value, attribute: true);
                        Output.Write("\">");
                    }
                    else Output.Write("<literal>");
                    WriteEscaped(l.Lexical, attribute: false);
                    Output.Write("</literal>");
                    break;
            }
            Output.Write("</binding>\n");
        }
        Output.Write("    </result>\n");
    }

    public override void WriteEnd()
    {
        Output.Write("  </results>\n</sparql>\n");
        Output.Flush();
    }

    // Characters XML 1.0 cannot carry never get here: WriteRow refuses the row first (XmlChars), and variable
    // names are SPARQL VARNAMEs. ('>' in attribute values stays as it is: well-formed XML, as in RDF/XML.)
    private void WriteEscaped(string s, bool attribute) => XmlChars.WriteEscaped(Output, s, attribute, "SPARQL XML results");
}

/// <summary>A result value the chosen result syntax cannot represent (a U+0000 in XML results).</summary>
public sealed class ResultSyntaxException(string message) : SparqlEvaluationException(message);
