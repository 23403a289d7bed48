using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Results;

/// <summary>
/// SPARQL 1.1 Query Results JSON (<c>application/sparql-results+json</c>), written by hand so
/// rows go straight to the output without a DOM. Non-ASCII text is written raw (UTF-8).
/// </summary>
public sealed class JsonResultWriter(TextWriter output) : SparqlResultWriter(output)
{
    private IReadOnlyList<string> _vars = [];
    private bool _firstRow = true;

    public override SparqlResultFormat Format => SparqlResultFormat.Json;

    public override void WriteBoolean(bool value)
    {
        Output.Write("{\n  \"head\": {},\n  \"boolean\": ");
        Output.Write(value ? "true" : "false");
        Output.Write("\n}\n");
        Output.Flush();
    }

    public override void WriteHead(IReadOnlyList<string> variables)
    {
        _vars = variables;
        _firstRow = true;
        Output.Write("{\n  \"head\": { \"vars\": [");
        for (int i = 0; i < variables.Count; i++)
        {
            Output.Write(i == 0 ? " " : ", ");
            WriteString(variables[i]);
        }
        Output.Write(variables.Count > 0 ? " ] },\n" : "] },\n");
        Output.Write("  \"results\": {\n    \"bindings\": [");
    }

    public override void WriteRow(Term?[] row)
    {
        Output.Write(_firstRow ? "\n      {" : ",\n      {");
        _firstRow = false;
        bool first = true;
        for (int i = 0; i < row.Length; i++)
        {
            var t = row[i];
            if (t is null) continue;
            Output.Write(first ? "\n        " : ",\n        ");
            first = false;
            WriteString(_vars[i]);
            Output.Write(": ");
            WriteTerm(t);
        }
        Output.Write(first ? "}" : "\n      }");
    }

    public override void WriteEnd()
    {
        Output.Write(_firstRow ? "]\n  }\n}\n" : "\n    ]\n  }\n}\n");
        Output.Flush();
    }

    private void WriteTerm(Term t)
    {
        switch (t)
        {
            case Iri iri:
                Output.Write("{ \"type\": \"uri\", \"value\": ");
                WriteString(iri.Value);
                break;
            case BlankNode b:
                Output.Write("{ \"type\": \"bnode\", \"value\": ");
                WriteString(b.Id);
                break;
            case Literal l:
                Output.Write("{ \"type\": \"literal\", \"value\": ");
                WriteString(l.Lexical);
                if (l.Language is not null)
                {
                    Output.Write(", \"xml:lang\": ");
                    WriteString(l.Language);
                }
                else if (!l.IsSimple)
                {
                    Output.Write(", \"datatype\": ");
                    WriteString(l.Datatype.Value);
                }
                break;
        }
        Output.Write(" }");
    }

    private void WriteString(string s)
    {
        Output.Write('"');
        int start = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            if (i > start) Output.Write(s.AsSpan(start, i - start));
            Output.Write(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                _ => "\\u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture),
            });
            start = i + 1;
        }
        if (start < s.Length) Output.Write(s.AsSpan(start));
        Output.Write('"');
    }
}
