using System.Text.Json;
using PhdResolver.Rdf;
using PhdResolver.Sparql.Results;

namespace PhdResolver.Sparql.Remote;

/// <summary>
/// SPARQL 1.1 Query Results JSON read from a stream as it arrives: the head first, then one solution at a time, so a
/// forwarded result is re-serialised row by row and never held whole (a remote result can be far larger than memory
/// should hold). Each solution's object is cut out of the buffer with <see cref="Utf8JsonReader.TrySkip"/> and read by
/// <see cref="JsonResultReader"/>'s term reader, so both readers accept the same documents. The buffer grows only to the
/// largest single solution. A document whose <c>results</c> come before its <c>head</c> (legal JSON, unusual) is
/// refused. Blank node labels are mapped to fresh nodes, one per label per result (a remote's labels, such as
/// Virtuoso's <c>nodeID://b10006</c>, need not be valid in our syntaxes).
/// </summary>
internal sealed class JsonResultStream : IDisposable
{
    private readonly Stream _input;
    private byte[] _buf = new byte[64 * 1024];
    private int _pos, _len;
    private bool _final;
    private JsonReaderState _state = new(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
    private readonly BlankNodeScope _blankNodes = new();
    private long _row;

    private JsonResultStream(Stream input) => _input = input;

    /// <summary>Reads up to the first solution (or the boolean) and returns the result; its rows are read lazily from
    /// <paramref name="input"/>, which the result owns: enumerating to the end or disposing the enumerator closes it.</summary>
    public static QueryResult Open(Stream input, IDisposable? owner)
    {
        var r = new JsonResultStream(input);
        try { return r.ReadHead(owner); }
        catch
        {
            r.Dispose();
            owner?.Dispose();
            throw;
        }
    }

    private QueryResult ReadHead(IDisposable? owner)
    {
        Expect(JsonTokenType.StartObject, "the document must be a JSON object");
        List<string>? vars = null;
        while (true)
        {
            var (type, name) = Next();
            if (type == JsonTokenType.EndObject) throw Error("missing \"results\" object (or \"boolean\")");
            if (type != JsonTokenType.PropertyName) throw Error("expected a member name");
            switch (name)
            {
                case "head":
                    using (var head = Capture())
                        vars = ReadVars(head.RootElement);
                    break;
                case "boolean":
                    var (b, _) = Next();
                    if (b is not (JsonTokenType.True or JsonTokenType.False)) throw Error("\"boolean\" must be true or false");
                    Dispose();
                    owner?.Dispose();
                    return new BooleanResult(b == JsonTokenType.True);
                case "results":
                    // Legal JSON, but the rows cannot be passed on before their head: every SPARQL store we know puts it first.
                    if (vars is null) throw Error("\"results\" before \"head\" cannot be read as a stream");
                    Expect(JsonTokenType.StartObject, "\"results\" must be an object");
                    while (true)
                    {
                        var (t, member) = Next();
                        if (t != JsonTokenType.PropertyName) throw Error("missing \"bindings\" array");
                        if (member == "bindings") break;
                        Skip();
                    }
                    Expect(JsonTokenType.StartArray, "\"bindings\" must be an array");
                    return new BindingsResult(vars, Rows(vars, owner));
                default:
                    Skip();
                    break;
            }
        }
    }

    private static List<string> ReadVars(JsonElement head)
    {
        var vars = new List<string>();
        if (head.ValueKind != JsonValueKind.Object) throw new RdfSyntaxException("\"head\" must be an object", "$.head");
        if (!head.TryGetProperty("vars", out var v)) return vars;
        if (v.ValueKind != JsonValueKind.Array) throw new RdfSyntaxException("\"vars\" must be an array", "$.head.vars");
        foreach (var name in v.EnumerateArray())
        {
            if (name.ValueKind != JsonValueKind.String) throw new RdfSyntaxException("a variable name must be a string", "$.head.vars");
            vars.Add(name.GetString()!);
        }
        return vars;
    }

    /// <summary>The solutions: a variable missing from the head cannot widen a head already sent, so it is an error here.</summary>
    private IEnumerable<Term?[]> Rows(List<string> vars, IDisposable? owner)
    {
        try
        {
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < vars.Count; i++) index.TryAdd(vars[i], i);
            while (true)
            {
                var (type, _) = Peek();
                if (type == JsonTokenType.EndArray) yield break; // what follows the array is of no interest
                if (type != JsonTokenType.StartObject) throw Error("a solution must be an object");
                var row = new Term?[vars.Count];
                using (var doc = Capture())
                {
                    string path = $"$.results.bindings[{_row}]";
                    foreach (var p in doc.RootElement.EnumerateObject())
                    {
                        if (!index.TryGetValue(p.Name, out int slot))
                            throw new RdfSyntaxException($"variable '{p.Name}' is bound but not listed in \"head\"", path);
                        var term = JsonResultReader.ReadTerm(p.Value, path + "[\"" + p.Name + "\"]");
                        row[slot] = term is BlankNode bn ? _blankNodes.Get(bn.Id) : term;
                    }
                }
                _row++;
                yield return row;
            }
        }
        finally
        {
            Dispose();
            owner?.Dispose();
        }
    }

    // ---- the incremental tokenizer: Utf8JsonReader over a buffer refilled from the stream, resumed by its state

    private (JsonTokenType Type, string? Text) Next() => Token(consume: true);

    private (JsonTokenType Type, string? Text) Peek() => Token(consume: false);

    private (JsonTokenType, string?) Token(bool consume)
    {
        while (true)
        {
            var r = new Utf8JsonReader(_buf.AsSpan(_pos, _len - _pos), _final, _state);
            if (r.Read())
            {
                var type = r.TokenType;
                string? text = type is JsonTokenType.PropertyName or JsonTokenType.String ? r.GetString() : null;
                if (consume)
                {
                    _pos += (int)r.BytesConsumed;
                    _state = r.CurrentState;
                }
                return (type, text);
            }
            if (_final) throw Error("the document ended early");
            Fill();
        }
    }

    private void Expect(JsonTokenType type, string message)
    {
        if (Next().Type != type) throw Error(message);
    }

    /// <summary>Skips the value that follows (a member's value after its name).</summary>
    private void Skip() => Capture().Dispose();

    /// <summary>The next value, whole, as a document (refilling until it is complete).</summary>
    private JsonDocument Capture()
    {
        while (true)
        {
            var r = new Utf8JsonReader(_buf.AsSpan(_pos, _len - _pos), _final, _state);
            if (r.Read())
            {
                int start = (int)r.TokenStartIndex;
                if (r.TrySkip())
                {
                    int end = (int)r.BytesConsumed;
                    var doc = JsonDocument.Parse(_buf.AsMemory(_pos + start, end - start));
                    _pos += end;
                    _state = r.CurrentState;
                    return doc;
                }
            }
            if (_final) throw Error("the document ended early");
            Fill();
        }
    }

    /// <summary>Moves the unread bytes to the front, grows the buffer when they fill it, and reads more.</summary>
    private void Fill()
    {
        if (_pos > 0)
        {
            Buffer.BlockCopy(_buf, _pos, _buf, 0, _len - _pos);
            _len -= _pos;
            _pos = 0;
        }
        if (_len == _buf.Length)
        {
            if (_buf.Length >= MaxValueBytes) throw Error($"one value is larger than {MaxValueBytes / (1024 * 1024)} MiB");
            Array.Resize(ref _buf, _buf.Length * 2);
        }
        int n = _input.Read(_buf, _len, _buf.Length - _len);
        if (n == 0) _final = true;
        _len += n;
    }

    /// <summary>The largest single solution (or head) accepted.</summary>
    private const int MaxValueBytes = 256 * 1024 * 1024;

    private RdfSyntaxException Error(string message) => new(message, $"$.results.bindings[{_row}]");

    public void Dispose() => _input.Dispose();
}
