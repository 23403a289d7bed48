using System.Text;
using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Results;

/// <summary>
/// SPARQL 1.1 Query Results TSV: header of <c>?var</c> names, values in Turtle/N-Triples
/// syntax (tabs and line ends escaped inside literals), empty field for unbound, LF line ends.
/// ASK results: see <see cref="SparqlResultFormats.AskResultVariable"/>.
/// <para>With <paramref name="spreadsheetSafe"/> (the endpoint's <c>?format=tsv-safe</c>, the TSV
/// twin of <see cref="CsvResultWriter"/>'s option) a field whose cell text starts with
/// <c>= + - @</c> is prefixed with an apostrophe, which spreadsheets read as "text". The cell text
/// is the field without the quotes a spreadsheet strips as text qualifiers: <c>"=cmd()"</c> (a
/// string literal) is a formula to a spreadsheet just as a bare <c>=cmd()</c> would be, and so is
/// <c>-1</c> (a bare integer), as in CSV. Tabs and line ends cannot start a cell here: TSV escapes
/// them inside literals. The output is then no longer exact SPARQL TSV.</para>
/// </summary>
public sealed class TsvResultWriter(TextWriter output, bool spreadsheetSafe = false) : SparqlResultWriter(output)
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
            if (row[i] is not { } t) continue;
            int start = _line.Length;
            ResultTerms.AppendTsv(_line, t);
            if (spreadsheetSafe && StartsFormula(_line, start)) _line.Insert(start, '\'');
        }
        _line.Append('\n');
        Output.Write(_line);
    }

    public override void WriteEnd() => Output.Flush();

    /// <summary>Whether the field from <paramref name="start"/> shows as a formula: its first character,
    /// or the first inside a leading double quote, is one of <c>= + - @</c>.</summary>
    private static bool StartsFormula(StringBuilder line, int start)
    {
        int i = start;
        if (i < line.Length && line[i] == '"') i++;
        return i < line.Length && line[i] is '=' or '+' or '-' or '@';
    }
}
