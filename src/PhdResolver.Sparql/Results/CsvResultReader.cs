using System.Text;
using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Results;

/// <summary>
/// Reads SPARQL 1.1 CSV results (RFC 4180 quoting, CRLF or LF line ends). CSV keeps no types,
/// so every value reads as a simple literal holding its string, except <c>_:label</c>, which
/// reads as a blank node (so results compare up to blank node renaming), and the empty field,
/// which reads as unbound (CSV cannot tell it from the empty string). Compare CSV results by
/// string form (<see cref="ResultTerms.CsvString"/>). A one-column table named
/// <see cref="SparqlResultFormats.AskResultVariable"/> with one true/false row reads as an ASK result.
/// </summary>
public static class CsvResultReader
{
    public static QueryResult Read(TextReader input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var parser = new Parser(input);
        var header = parser.ReadRecord();
        if (header is null) throw new RdfSyntaxException("empty CSV document: a header line is required", 1, 1);
        if (header.Count > 0) header[0] = header[0].TrimStart('\uFEFF');
        var vars = new List<string>();
        if (!(header.Count == 1 && header[0].Length == 0))
        {
            foreach (var h in header)
            {
                if (h.Length == 0) throw new RdfSyntaxException("empty variable name in the CSV header", 1, 1);
                if (vars.Contains(h)) throw new RdfSyntaxException($"variable '{h}' appears twice in the CSV header", 1, 1);
                vars.Add(h);
            }
        }

        var rows = new List<Term?[]>();
        while (true)
        {
            long line = parser.Line;
            var rec = parser.ReadRecord();
            if (rec is null) break;
            if (vars.Count == 0 && rec.Count == 1 && rec[0].Length == 0) { rows.Add([]); continue; }
            if (rec.Count != vars.Count)
                throw new RdfSyntaxException($"row has {rec.Count} fields, the header has {vars.Count} variables", line, 1);
            var row = new Term?[vars.Count];
            for (int i = 0; i < rec.Count; i++)
            {
                var v = rec[i];
                if (v.Length == 0) continue;
                row[i] = v.StartsWith("_:", StringComparison.Ordinal) && v.Length > 2 ? new BlankNode(v[2..]) : new Literal(v);
            }
            rows.Add(row);
        }

        if (vars.Count == 1 && vars[0] == SparqlResultFormats.AskResultVariable && rows.Count == 1
            && rows[0][0] is Literal { Lexical: "true" or "false" } b)
            return new BooleanResult(b.Lexical == "true");
        return new BindingsResult(vars, rows);
    }

    /// <summary>RFC 4180 records from a character stream; tracks the line for error messages.</summary>
    private sealed class Parser(TextReader input)
    {
        private readonly StringBuilder _field = new();

        public long Line { get; private set; } = 1;
        private long _column;

        /// <summary>The next record, or null at the end of input. A final line end does not start a record.</summary>
        public List<string>? ReadRecord()
        {
            if (input.Peek() < 0) return null;
            var fields = new List<string>();
            _field.Clear();
            bool quoted = false, wasQuoted = false;
            while (true)
            {
                int ci = input.Read();
                _column++;
                if (ci < 0)
                {
                    if (quoted) throw new RdfSyntaxException("unterminated quoted field", Line, _column);
                    fields.Add(_field.ToString());
                    return fields;
                }
                char c = (char)ci;
                if (quoted)
                {
                    if (c == '"')
                    {
                        if (input.Peek() == '"') { input.Read(); _column++; _field.Append('"'); }
                        else quoted = false;
                    }
                    else
                    {
                        if (c == '\n') { Line++; _column = 0; }
                        _field.Append(c);
                    }
                    continue;
                }
                switch (c)
                {
                    case ',':
                        fields.Add(_field.ToString());
                        _field.Clear();
                        wasQuoted = false;
                        break;
                    case '\r':
                        if (input.Peek() == '\n') input.Read();
                        goto case '\n';
                    case '\n':
                        Line++;
                        _column = 0;
                        fields.Add(_field.ToString());
                        return fields;
                    case '"':
                        if (_field.Length > 0 || wasQuoted)
                            throw new RdfSyntaxException("a quote inside an unquoted field (quote the whole field and double the quote)", Line, _column);
                        quoted = wasQuoted = true;
                        break;
                    default:
                        if (wasQuoted) throw new RdfSyntaxException("text after the closing quote of a field", Line, _column);
                        _field.Append(c);
                        break;
                }
            }
        }
    }
}
