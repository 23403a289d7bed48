using PhdResolver.Rdf;

namespace PhdResolver.Sparql.Results;

/// <summary>
/// Streams a SELECT or ASK result in one result syntax. Rows are written as they are pushed, so
/// a result of any size is written in constant memory. Call order: <see cref="WriteBoolean"/>
/// alone, or <see cref="WriteHead"/>, any number of <see cref="WriteRow"/>, then <see cref="WriteEnd"/>.
/// </summary>
public abstract class SparqlResultWriter
{
    protected SparqlResultWriter(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Output = output;
    }

    protected TextWriter Output { get; }

    public abstract SparqlResultFormat Format { get; }

    /// <summary>Writes a complete ASK result.</summary>
    public abstract void WriteBoolean(bool value);

    /// <summary>Starts a SELECT result with its variables (names without '?').</summary>
    public abstract void WriteHead(IReadOnlyList<string> variables);

    /// <summary>One solution: one slot per variable of the head, null for unbound.</summary>
    public abstract void WriteRow(Term?[] row);

    /// <summary>Closes a SELECT result and flushes.</summary>
    public abstract void WriteEnd();

    /// <summary>Whether the syntax has a place for warnings to the client (see <see cref="WriteEnd(IReadOnlyList{string})"/>):
    /// JSON has (an extra top-level member, which readers ignore); XML's schema, CSV and TSV have none.</summary>
    public virtual bool CarriesWarnings => false;

    /// <summary>Closes a SELECT result with warnings that travel in the document, e.g. that the
    /// result was cut at a server's row limit. They come last because a streaming server knows
    /// them only after the last row.</summary>
    /// <exception cref="NotSupportedException">Warnings given to a syntax that cannot carry them (<see cref="CarriesWarnings"/>).</exception>
    public virtual void WriteEnd(IReadOnlyList<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        if (warnings.Count > 0) throw new NotSupportedException($"SPARQL {Format} results have no place for a warning");
        WriteEnd();
    }

    /// <summary>Writes a boolean or bindings result, consuming the rows once.</summary>
    /// <exception cref="ArgumentException">For a <see cref="GraphResult"/>: graphs are written with the RDF writers.</exception>
    public void Write(QueryResult result)
    {
        switch (result)
        {
            case BooleanResult b:
                WriteBoolean(b.Value);
                break;
            case BindingsResult s:
                WriteHead(s.Variables);
                int n = s.Variables.Count;
                foreach (var row in s.Rows)
                {
                    if (row.Length != n)
                        throw new ArgumentException($"a result row has {row.Length} slots for {n} variables", nameof(result));
                    WriteRow(row);
                }
                WriteEnd();
                break;
            default:
                throw new ArgumentException("graph results are written with an RDF writer (RdfFormats.CreateWriter)", nameof(result));
        }
    }
}
