using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Results;

/// <summary>
/// Reads SPARQL 1.1 TSV results. Lines end with LF (CRLF tolerated); the header holds
/// <c>?var</c> (or <c>$var</c>) names; an empty field is unbound. A one-column table named
/// <see cref="SparqlResultFormats.AskResultVariable"/> with one boolean row reads as an ASK result.
/// </summary>
public static class TsvResultReader
{
    public static QueryResult Read(TextReader input)
    {
        ArgumentNullException.ThrowIfNull(input);
        string? header = input.ReadLine();
        if (header is null) throw new RdfSyntaxException("empty TSV document: a header line is required", 1, 1);
        header = header.TrimStart('\uFEFF');
        var vars = new List<string>();
        if (header.Length > 0)
        {
            int col = 0;
            foreach (var field in header.Split('\t'))
            {
                var f = field.Trim();
                if (f.Length < 2 || (f[0] != '?' && f[0] != '$'))
                    throw new RdfSyntaxException($"TSV header field '{field}' is not a ?variable", 1, col + 1);
                var name = f[1..];
                if (vars.Contains(name)) throw new RdfSyntaxException($"variable ?{name} appears twice in the header", 1, col + 1);
                vars.Add(name);
                col += field.Length + 1;
            }
        }

        var rows = new List<Term?[]>();
        var terms = new TurtleTermParser(); // Turtle's own term scanning: one reader of the syntax
        long lineNo = 1;
        string? line;
        while ((line = input.ReadLine()) is not null)
        {
            lineNo++;
            var fields = line.Split('\t');
            if (vars.Count == 0 && line.Length == 0) { rows.Add([]); continue; }
            if (fields.Length != vars.Count)
                throw new RdfSyntaxException($"row has {fields.Length} fields, the header has {vars.Count} variables", lineNo, 1);
            var row = new Term?[vars.Count];
            int col = 0;
            for (int i = 0; i < fields.Length; i++)
            {
                var f = fields[i];
                // Fields may be padded with spaces; the term itself never starts or ends with one.
                var trimmed = f.Trim(' ');
                if (trimmed.Length > 0)
                    row[i] = terms.Parse(trimmed, lineNo, col + (f.Length - f.TrimStart(' ').Length));
                col += f.Length + 1;
            }
            rows.Add(row);
        }

        if (vars.Count == 1 && vars[0] == SparqlResultFormats.AskResultVariable && rows.Count == 1
            && rows[0][0] is Literal { Lexical: "true" or "false" } b && b.Datatype.Equals(Vocab.Xsd.Boolean))
            return new BooleanResult(b.Lexical == "true");
        return new BindingsResult(vars, rows);
    }
}
