using System.Text;

namespace PhdResolver.Rdf;

/// <summary>
/// Writes canonical N-Triples (or N-Quads with <c>quads: true</c>), one statement per line,
/// streaming: nothing is held beyond a small output batch. In N-Triples mode the graph name
/// of a quad is dropped (the triple is written as if in the default graph).
/// </summary>
public sealed class NTriplesWriter(TextWriter output, bool quads = false, WriterOptions? options = null) : IRdfWriter
{
    private const int FlushAt = 1 << 16;
    private readonly StringBuilder _sb = new(FlushAt + 1024);
    private bool _finished;

    public RdfFormat Format => quads ? RdfFormat.NQuads : RdfFormat.NTriples;

    /// <summary>The options given (N-Triples has no prefixes or base; kept for the common constructor shape).</summary>
    public WriterOptions Options { get; } = options ?? WriterOptions.Default;

    public void OnQuad(in Quad quad)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        NTriplesFormatter.AppendTerm(_sb, quad.Subject);
        _sb.Append(' ');
        NTriplesFormatter.AppendTerm(_sb, quad.Predicate);
        _sb.Append(' ');
        NTriplesFormatter.AppendTerm(_sb, quad.Object);
        if (quads && quad.Graph is not null)
        {
            _sb.Append(' ');
            NTriplesFormatter.AppendTerm(_sb, quad.Graph);
        }
        _sb.Append(" .\n");
        if (_sb.Length >= FlushAt) Flush();
    }

    public void Finish()
    {
        if (_finished) return;
        Flush();
        output.Flush();
        _finished = true;
    }

    private void Flush()
    {
        output.Write(_sb);
        _sb.Clear();
    }
}
