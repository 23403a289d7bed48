using System.Text;

namespace PhdResolver.Rdf.Tests;

/// <summary>
/// No recursion depth comes from input (issue 12): every parser refuses nesting beyond
/// <see cref="RdfLimits.MaxNesting"/> with a positioned syntax error, long flat input parses, and
/// writers given deep but valid data write it in full. Parsing runs on a thread with the 1.5 MB
/// stack of a .NET pool thread (where the server parses), so a regression shows as a crash of this
/// test run rather than passing on a roomier main thread.
/// </summary>
public class DeepInputTests
{
    private const int Million = 1_000_000;
    private const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

    /// <summary>Runs <paramref name="action"/> on a thread with a pool thread's stack and rethrows what it threw.</summary>
    internal static void OnPoolSizedStack(Action action)
    {
        Exception? error = null;
        var t = new Thread(() =>
        {
            try { action(); }
            catch (Exception e) { error = e; }
        }, 1536 * 1024);
        t.Start();
        t.Join();
        if (error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
    }

    private static Dataset Parse(string text, RdfFormat format)
    {
        Dataset? ds = null;
        OnPoolSizedStack(() => ds = Dataset.Parse(text, format));
        return ds!;
    }

    private static RdfSyntaxException Refused(string text, RdfFormat format)
    {
        RdfSyntaxException? e = null;
        OnPoolSizedStack(() => e = Assert.Throws<RdfSyntaxException>(() => Dataset.Parse(text, format)));
        return e!;
    }

    private static string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();

    public static TheoryData<string, RdfFormat> DeepTurtle() => new()
    {
        { "@prefix : <http://e/> .\n:s :p " + Repeat("(", Million) + "1" + Repeat(")", Million) + " .\n", RdfFormat.Turtle },
        { "@prefix : <http://e/> .\n:s :p " + Repeat("[ :p ", Million) + "1" + Repeat(" ]", Million) + " .\n", RdfFormat.Turtle },
        { "@prefix : <http://e/> .\n" + Repeat("[ :p ", Million) + "1" + Repeat(" ]", Million) + " .\n", RdfFormat.Turtle },
        { "@prefix : <http://e/> .\n" + Repeat("(", Million) + ") :p 1 .\n", RdfFormat.Turtle },
        { "@prefix : <http://e/> .\n:g { :s :p " + Repeat("(", Million) + "1" + Repeat(")", Million) + " }\n", RdfFormat.TriG },
        { "@prefix : <http://e/> .\n:g { :s :p " + Repeat("[ :p ", Million) + "1" + Repeat(" ]", Million) + " }\n", RdfFormat.TriG },
        // Unterminated: the limit is met before the end of input is.
        { "@prefix : <http://e/> .\n:s :p " + Repeat("([ :p ", Million), RdfFormat.Turtle },
    };

    [Theory]
    [MemberData(nameof(DeepTurtle))]
    public void Turtle_and_TriG_refuse_nesting_beyond_the_limit_with_a_position(string text, RdfFormat format)
    {
        var e = Refused(text, format);
        Assert.Contains($"more than {RdfLimits.MaxNesting} deep", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, e.Line);
        Assert.True(e.Column > RdfLimits.MaxNesting, $"column {e.Column}");
    }

    [Fact]
    public void Turtle_lenient_mode_recovers_after_a_too_deep_statement()
    {
        string text = "@prefix : <http://e/> .\n:s :p " + Repeat("(", 5000) + "1" + Repeat(")", 5000) + " .\n:a :b :c .\n";
        var errors = new List<RdfSyntaxException>();
        var ds = new Dataset();
        OnPoolSizedStack(() => new TurtleParser().Parse(new StringReader(text), ds, new ParserOptions { Lenient = true, OnError = errors.Add }));
        Assert.NotEmpty(errors);
        Assert.Contains(new Quad(new Iri("http://e/a"), new Iri("http://e/b"), new Iri("http://e/c")), ds);
    }

    [Fact]
    public void Turtle_nesting_at_the_limit_parses_and_writes_back()
    {
        int n = RdfLimits.MaxNesting;
        string text = "@prefix : <http://e/> .\n:s :p " + Repeat("[ :p ", n) + "1" + Repeat(" ]", n) + " .\n:t :p " + Repeat("(", n) + "1" + Repeat(")", n) + " .\n";
        var ds = Parse(text, RdfFormat.Turtle);
        Assert.Equal(n + 1 + 2 * n + 1, ds.Count);
        string written = "";
        OnPoolSizedStack(() => written = ds.Write(RdfFormat.Turtle));
        Assert.Equal(ds.Count, Parse(written, RdfFormat.Turtle).Count);
        Assert.True(Isomorphism.AreIsomorphic(ds, Parse(written, RdfFormat.Turtle)));
    }

    public static TheoryData<string> DeepJson() => new()
    {
        "{\"@context\":{\"@vocab\":\"http://e/\"}," + Repeat("\"p\":{", Million) + "\"q\":1" + Repeat("}", Million) + "}",
        "{\"@context\":{\"@vocab\":\"http://e/\"},\"p\":" + Repeat("[", Million) + "1" + Repeat("]", Million) + "}",
        "{\"@context\":{\"@vocab\":\"http://e/\"},\"p\":" + Repeat("{\"@list\":[", Million) + "1" + Repeat("]}", Million) + "}",
        "{\"@context\":" + Repeat("{\"a\":", Million) + "1" + Repeat("}", Million) + "}",
        Repeat("[", Million),
    };

    [Theory]
    [MemberData(nameof(DeepJson))]
    public void JsonLd_refuses_nesting_beyond_the_limit_with_a_position(string text)
    {
        var e = Refused(text, RdfFormat.JsonLd);
        Assert.Contains("depth", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, e.Line);
        Assert.True(e.Column > RdfLimits.MaxJsonNesting, $"column {e.Column}");
    }

    [Fact]
    public void JsonLd_nesting_just_below_the_limit_is_processed_without_overflow()
    {
        int n = RdfLimits.MaxJsonNesting - 2;
        // Objects inside objects, arrays inside arrays and lists inside lists, each as deep as the limit allows.
        foreach (string text in new[]
        {
            "{\"@context\":{\"@vocab\":\"http://e/\"}," + Repeat("\"p\":{", n) + "\"q\":1" + Repeat("}", n) + "}",
            "{\"@context\":{\"@vocab\":\"http://e/\"},\"p\":" + Repeat("[", n) + "1" + Repeat("]", n) + "}",
            "{\"@context\":{\"@vocab\":\"http://e/\"},\"p\":" + Repeat("{\"@list\":[", n / 2) + "1" + Repeat("]}", n / 2) + "}",
        })
        {
            var ds = Parse(text, RdfFormat.JsonLd);
            Assert.NotEmpty(ds);
            string written = "";
            OnPoolSizedStack(() => written = ds.Write(RdfFormat.JsonLd, new WriterOptions { Prefixes = new Dictionary<string, string> { ["e"] = "http://e/" } }));
            Assert.True(Isomorphism.AreIsomorphic(ds, Parse(written, RdfFormat.JsonLd)));
        }
    }

    [Fact]
    public void RdfXml_refuses_nesting_beyond_the_limit_with_a_position()
    {
        string text = "<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"" + Rdf + "\" xmlns:e=\"http://e/\">"
            + Repeat("<rdf:Description><e:p>", Million / 10) + "x" + Repeat("</e:p></rdf:Description>", Million / 10) + "</rdf:RDF>\n";
        var e = Refused(text, RdfFormat.RdfXml);
        Assert.Contains("deep", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, e.Line);
        // Not even well-formed XML 10^6 deep gets anywhere near the stack.
        Refused("<a>" + Repeat("<b>", Million), RdfFormat.RdfXml);
    }

    public static TheoryData<RdfFormat> LineFormats() => new() { RdfFormat.NTriples, RdfFormat.NQuads };

    [Theory]
    [MemberData(nameof(LineFormats))]
    public void NTriples_and_NQuads_parse_lines_a_million_characters_long(RdfFormat format)
    {
        string longText = new('a', Million);
        string g = format == RdfFormat.NQuads ? " <http://e/g>" : "";
        var ds = Parse($"<http://e/s> <http://e/p> \"{longText}\"{g} .\n<http://e/{longText}> <http://e/p> _:{longText}{g} .\n", format);
        Assert.Equal(2, ds.Count);
        Assert.Contains(ds, q => q.Object is Literal l && l.Lexical.Length == Million);
        // A million open parentheses on one line (not N-Triples at all) is a syntax error with a position.
        var e = Refused(Repeat("<http://e/s> <http://e/p> <http://e/o> . ", 1) + Repeat("(", Million), format);
        Assert.Equal(1, e.Line);
    }

    /// <summary>_:b0 p _:b1 . _:b1 p _:b2 . ... : each blank node used once, so writers would nest them all inline.</summary>
    private static Dataset Chain(int n)
    {
        var ds = new Dataset();
        var p = new Iri("http://e/p");
        var nodes = new BlankNode[n + 1];
        var scope = new BlankNodeScope();
        for (int i = 0; i <= n; i++) nodes[i] = scope.New();
        ds.Add(new Quad(new Iri("http://e/s"), p, nodes[0]));
        for (int i = 0; i < n; i++) ds.Add(new Quad(nodes[i], p, nodes[i + 1]));
        ds.Add(new Quad(nodes[n], p, new Literal("end")));
        return ds;
    }

    /// <summary>Lists of lists: each list's one item is the next list.</summary>
    private static Dataset ListChain(int n)
    {
        var ds = new Dataset();
        var first = new Iri(Rdf + "first");
        var rest = new Iri(Rdf + "rest");
        var nil = new Iri(Rdf + "nil");
        var scope = new BlankNodeScope();
        var cur = scope.New();
        ds.Add(new Quad(new Iri("http://e/s"), new Iri("http://e/p"), cur));
        for (int i = 0; i < n; i++)
        {
            var next = scope.New();
            ds.Add(new Quad(cur, first, next));
            ds.Add(new Quad(cur, rest, nil));
            cur = next;
        }
        ds.Add(new Quad(cur, new Iri("http://e/p"), new Literal("end")));
        return ds;
    }

    public static TheoryData<RdfFormat> AllFormats() => new()
    {
        RdfFormat.Turtle, RdfFormat.TriG, RdfFormat.NTriples, RdfFormat.NQuads, RdfFormat.RdfXml, RdfFormat.JsonLd,
    };

    [Theory]
    [MemberData(nameof(AllFormats))]
    public void Writers_write_a_million_nested_blank_nodes_in_full(RdfFormat format)
    {
        // Turtle and TriG are the writers that nest blank nodes inline: they get the full million.
        // The others never nest (JSON-LD node objects are flat, RDF/XML uses rdf:nodeID), so a
        // tenth of it shows the same while keeping the test run short.
        int n = format is RdfFormat.Turtle or RdfFormat.TriG ? Million : Million / 10;
        var ds = Chain(n);
        string written = "";
        OnPoolSizedStack(() => written = ds.Write(format));
        var back = Parse(written, format);
        Assert.Equal(ds.Count, back.Count);
        AssertChain(back, n);
    }

    [Theory]
    [MemberData(nameof(AllFormats))]
    public void Writers_write_lists_of_lists_nested_deeper_than_the_limit(RdfFormat format)
    {
        int n = 3 * RdfLimits.MaxNesting;
        var ds = ListChain(n);
        string written = "";
        OnPoolSizedStack(() => written = ds.Write(format));
        var back = Parse(written, format);
        Assert.Equal(ds.Count, back.Count);
        Assert.True(Isomorphism.AreIsomorphic(ds, back));
    }

    [Fact]
    public void JsonLd_fromRdf_does_not_fold_lists_that_contain_each_other()
    {
        // _:a is the one item of list _:b and _:b of list _:a: folding both would make the JSON tree contain itself.
        var first = new Iri(Rdf + "first");
        var rest = new Iri(Rdf + "rest");
        var nil = new Iri(Rdf + "nil");
        var a = new BlankNode("a");
        var b = new BlankNode("b");
        var ds = new Dataset([new Quad(a, first, b), new Quad(a, rest, nil), new Quad(b, first, a), new Quad(b, rest, nil)]);
        string written = ds.Write(RdfFormat.JsonLd);
        Assert.True(Isomorphism.AreIsomorphic(ds, Dataset.Parse(written, RdfFormat.JsonLd)));
    }

    /// <summary>The chain is intact: from the named start, n blank nodes each pointing to the next, then "end".</summary>
    private static void AssertChain(Dataset ds, int n)
    {
        var next = new Dictionary<Term, Term>();
        foreach (var q in ds) next[q.Subject] = q.Object;
        Term cur = next[new Iri("http://e/s")];
        var seen = new HashSet<Term>();
        for (int i = 0; i < n; i++)
        {
            Assert.IsType<BlankNode>(cur);
            Assert.True(seen.Add(cur));
            cur = next[cur];
        }
        Assert.True(seen.Add(cur));
        Assert.Equal(new Literal("end"), next[cur]);
    }
}
