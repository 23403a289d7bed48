using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Results;

/// <summary>
/// SPARQL 1.1 Query Results CSV: header of bare variable names, values as plain strings
/// (<see cref="ResultTerms.CsvString"/>), RFC 4180 quoting, CRLF line ends. Types, language
/// tags and the IRI/literal distinction are lost by design of the format.
/// ASK results: see <see cref="SparqlResultFormats.AskResultVariable"/>.
/// <para>By the specification values are written verbatim, so a value such as
/// <c>=HYPERLINK(...)</c> is a formula to a spreadsheet that opens the file. With
/// <paramref name="spreadsheetSafe"/> (the endpoint's <c>?format=csv-safe</c>) a value starting
/// with <c>= + - @</c>, a tab or a carriage return is prefixed with an apostrophe, which
/// spreadsheets read as "text"; the output is then no longer exact SPARQL CSV.</para>
/// </summary>
public sealed class CsvResultWriter(TextWriter output, bool spreadsheetSafe = false) : SparqlResultWriter(output)
{
    public override SparqlResultFormat Format => SparqlResultFormat.Csv;

    public override void WriteBoolean(bool value)
    {
        Output.Write(SparqlResultFormats.AskResultVariable);
        Output.Write("\r\n");
        Output.Write(value ? "true\r\n" : "false\r\n");
        Output.Flush();
    }

    public override void WriteHead(IReadOnlyList<string> variables)
    {
        for (int i = 0; i < variables.Count; i++)
        {
            if (i > 0) Output.Write(',');
            WriteField(variables[i]);
        }
        Output.Write("\r\n");
    }

    public override void WriteRow(Term?[] row)
    {
        for (int i = 0; i < row.Length; i++)
        {
            if (i > 0) Output.Write(',');
            var s = ResultTerms.CsvString(row[i]);
            if (spreadsheetSafe && s.Length > 0 && s[0] is '=' or '+' or '-' or '@' or '\t' or '\r') s = "'" + s;
            WriteField(s);
        }
        Output.Write("\r\n");
    }

    public override void WriteEnd() => Output.Flush();

    private void WriteField(string s)
    {
        if (s.AsSpan().IndexOfAny("\",\r\n") < 0)
        {
            Output.Write(s);
            return;
        }
        Output.Write('"');
        Output.Write(s.Replace("\"", "\"\"", StringComparison.Ordinal));
        Output.Write('"');
    }
}
