using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Results;

/// <summary>
/// SPARQL 1.1 Query Results JSON (<c>application/sparql-results+json</c>), written by hand so
/// rows go straight to the output without a DOM. Compact (no indentation: at tens of thousands
/// of rows the whitespace was a third of the bytes); one row per line so that the output still
/// reads in a terminal. Non-ASCII text is written raw (UTF-8).
/// <para>Warnings (<see cref="WriteEnd(IReadOnlyList{string})"/>) go into a top-level
/// <c>"warnings"</c> array of strings after <c>"results"</c>: the format has no such member, and
/// readers ignore members they do not know.</para>
/// </summary>
public sealed class JsonResultWriter(TextWriter output) : SparqlResultWriter(output)
{
    private IReadOnlyList<string> _vars = [];
    private bool _firstRow = true;

    public override SparqlResultFormat Format => SparqlResultFormat.Json;

    public override bool CarriesWarnings => true;

    public override void WriteBoolean(bool value)
    {
        Output.Write(value ? "{\"head\":{},\"boolean\":true}\n" : "{\"head\":{},\"boolean\":false}\n");
        Output.Flush();
    }

    public override void WriteHead(IReadOnlyList<string> variables)
    {
        _vars = variables;
        _firstRow = true;
        Output.Write("{\"head\":{\"vars\":[");
        for (int i = 0; i < variables.Count; i++)
        {
            if (i > 0) Output.Write(',');
            WriteString(variables[i]);
        }
        Output.Write("]},\n\"results\":{\"bindings\":[");
    }

    public override void WriteRow(Term?[] row)
    {
        Output.Write(_firstRow ? "\n{" : ",\n{");
        _firstRow = false;
        bool first = true;
        for (int i = 0; i < row.Length; i++)
        {
            var t = row[i];
            if (t is null) continue;
            if (!first) Output.Write(',');
            first = false;
            WriteString(_vars[i]);
            Output.Write(':');
            WriteTerm(t);
        }
        Output.Write('}');
    }

    public override void WriteEnd() => WriteEnd([]);

    public override void WriteEnd(IReadOnlyList<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        Output.Write(_firstRow ? "]}" : "\n]}");
        if (warnings.Count > 0)
        {
            Output.Write(",\n\"warnings\":[");
            for (int i = 0; i < warnings.Count; i++)
            {
                if (i > 0) Output.Write(',');
                WriteString(warnings[i]);
            }
            Output.Write(']');
        }
        Output.Write("}\n");
        Output.Flush();
    }

    private void WriteTerm(Term t)
    {
        switch (t)
        {
            case Iri iri:
                Output.Write("{\"type\":\"uri\",\"value\":");
                WriteString(iri.Value);
                break;
            case BlankNode b:
                Output.Write("{\"type\":\"bnode\",\"value\":");
                WriteString(b.Id);
                break;
            case Literal l:
                Output.Write("{\"type\":\"literal\",\"value\":");
                WriteString(l.Lexical);
                if (l.Language is not null)
                {
                    Output.Write(",\"xml:lang\":");
                    WriteString(l.Language);
                }
                else if (!l.IsSimple)
                {
                    Output.Write(",\"datatype\":");
                    WriteString(l.Datatype.Value);
                }
                break;
        }
        Output.Write('}');
    }

    private void WriteString(string s) => JsonString.Write(Output, s);
}
