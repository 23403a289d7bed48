using System.Text;
using PhdResolver.Rdf;
using PhdResolver.Sparql.Remote;
using PhdResolver.Sparql.Results;

namespace PhdResolver.Sparql.Tests.Remote;

/// <summary>The streaming reader of forwarded SELECT and ASK answers: the same terms as the whole-document reader,
/// whatever the chunking of the stream, rows read lazily, and malformed answers refused with a position.</summary>
public sealed class JsonResultStreamTests
{
    private const string Doc = """
        { "head": { "link": [], "vars": ["s", "o", "n"] },
          "results": { "distinct": false, "ordered": true, "bindings": [
            { "s": { "type": "uri", "value": "http://example.org/a" }, "o": { "type": "literal", "xml:lang": "en", "value": "x \"quoted\" \u00e9" } },
            { "s": { "type": "bnode", "value": "nodeID://b10006" }, "n": { "type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "42" } },
            { "s": { "type": "bnode", "value": "nodeID://b10006" } }
          ] } }
        """;

    /// <summary>A stream that hands out at most <paramref name="chunk"/> bytes per read, and counts what it handed out.</summary>
    private sealed class Trickle(byte[] data, int chunk) : Stream
    {
        public long Handed;
        public bool Closed;
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = (int)Math.Min(Math.Min(count, chunk), data.Length - Handed);
            Array.Copy(data, Handed, buffer, offset, n);
            Handed += n;
            return n;
        }
        protected override void Dispose(bool disposing) { Closed = true; base.Dispose(disposing); }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Handed; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100_000)]
    public void Reads_the_same_terms_as_the_document_reader_whatever_the_chunks(int chunk)
    {
        var whole = (BindingsResult)JsonResultReader.Read(new StringReader(Doc));
        var stream = new Trickle(Encoding.UTF8.GetBytes(Doc), chunk);
        var streamed = (BindingsResult)JsonResultStream.Open(stream, null);
        Assert.Equal(whole.Variables, streamed.Variables);
        var rows = streamed.Rows.ToList();
        Assert.True(stream.Closed);
        var expected = whole.Rows.ToList();
        Assert.Equal(expected.Count, rows.Count);
        Assert.Equal(expected[0], rows[0]);
        Assert.Equal(expected[1][1..], rows[1][1..]);
        // Blank node labels become fresh nodes, one per label: rows 2 and 3 name the same node.
        Assert.IsType<BlankNode>(rows[1][0]);
        Assert.Same(rows[1][0], rows[2][0]);
        Assert.Null(rows[2][1]);
    }

    [Fact]
    public void Rows_are_read_as_they_are_taken()
    {
        var rows = Enumerable.Range(0, 20_000).Select(i => $"{{\"s\":{{\"type\":\"uri\",\"value\":\"http://example.org/{i}\"}}}}");
        var bytes = Encoding.UTF8.GetBytes("{\"head\":{\"vars\":[\"s\"]},\"results\":{\"bindings\":[" + string.Join(",", rows) + "]}}");
        var stream = new Trickle(bytes, 4096);
        var r = (BindingsResult)JsonResultStream.Open(stream, null);
        using (var e = r.Rows.GetEnumerator())
        {
            Assert.True(e.MoveNext());
            Assert.Equal(new Iri("http://example.org/0"), e.Current[0]);
            Assert.True(stream.Handed < bytes.Length / 10, $"{stream.Handed} of {bytes.Length} bytes read for the first row");
        }
        Assert.True(stream.Closed); // leaving early closes the source (the connection to the store)
    }

    [Fact]
    public void Ask_answers_are_booleans()
    {
        var r = JsonResultStream.Open(new MemoryStream(Encoding.UTF8.GetBytes("{ \"head\": {}, \"boolean\": true }")), null);
        Assert.Equal(new BooleanResult(true), r);
    }

    [Theory]
    [InlineData("{ \"head\": { \"vars\": [\"s\"] }, \"results\": { \"bindings\": [ { \"s\": { \"type\": \"uri\" } } ] } }")]
    [InlineData("{ \"head\": { \"vars\": [\"s\"] }, \"results\": { \"bindings\": [ { \"x\": { \"type\": \"uri\", \"value\": \"http://a/\" } } ] } }")]
    [InlineData("{ \"head\": { \"vars\": [\"s\"] }, \"results\": { \"bindings\": [ { \"s\": ")]
    [InlineData("{ \"results\": { \"bindings\": [] }, \"head\": { \"vars\": [] } }")]
    [InlineData("[1, 2]")]
    public void Malformed_answers_are_refused(string doc)
    {
        Assert.ThrowsAny<Exception>(() => JsonResultStream.Open(new MemoryStream(Encoding.UTF8.GetBytes(doc)), null) is BindingsResult b ? b.Rows.ToList() : null);
        try { _ = JsonResultStream.Open(new MemoryStream(Encoding.UTF8.GetBytes(doc)), null) is BindingsResult b2 ? b2.Rows.ToList() : null; }
        catch (Exception e) { Assert.True(e is SyntaxException or System.Text.Json.JsonException, e.GetType().Name + ": " + e.Message); }
    }
}
