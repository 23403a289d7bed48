using System.Text;
using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Results;

/// <summary>
/// SPARQL 1.1 Query Results TSV: header of <c>?var</c> names, values in Turtle/N-Triples
/// syntax (tabs and line ends escaped inside literals), empty field for unbound, LF line ends.
/// ASK results: see <see cref="SparqlResultFormats.AskResultVariable"/>.
/// </summary>
public sealed class TsvResultWriter(TextWriter output) : SparqlResultWriter(output)
{
    private readonly StringBuilder _line = new(256);

    public override SparqlResultFormat Format => SparqlResultFormat.Tsv;

    public override void WriteBoolean(bool value)
    {
        Output.Write('?');
        Output.Write(SparqlResultFormats.AskResultVariable);
        Output.Write('\n');
        Output.Write(value ? "true\n" : "false\n");
        Output.Flush();
    }

    public override void WriteHead(IReadOnlyList<string> variables)
    {
        for (int i = 0; i < variables.Count; i++)
        {
            if (i > 0) Output.Write('\t');
            Output.Write('?');
            Output.Write(variables[i]);
        }
        Output.Write('\n');
    }

    public override void WriteRow(Term?[] row)
    {
        _line.Clear();
        for (int i = 0; i < row.Length; i++)
        {
            if (i > 0) _line.Append('\t');
            if (row[i] is { } t) ResultTerms.AppendTsv(_line, t);
        }
        _line.Append('\n');
        Output.Write(_line);
    }

    public override void WriteEnd() => Output.Flush();
}
