using PhdResolver.Rdf;
using PhdResolver.Shacl;

namespace PhdResolver.Shacl.Tests;

/// <summary>
/// No recursion depth comes from input (issue 12): shapes nested in shapes, paths nested in paths
/// and shape checks that follow the data stop at <see cref="ShaclLimits.MaxNesting"/> with a
/// <see cref="ShaclException"/> instead of overflowing the stack. Each test runs on a thread with a
/// pool thread's 1.5 MB stack, where the server validates.
/// </summary>
public class DeepShapesTests
{
    private const int Million = 1_000_000;
    private const string Sh = "http://www.w3.org/ns/shacl#";
    private const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

    private static void OnPoolSizedStack(Action action)
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

    private static Iri Ex(string local) => new("http://example.org/" + local);

    [Fact]
    public void A_recursive_shape_over_a_million_long_chain_is_refused_not_overflowed()
    {
        // ex:S: every ex:next value conforms to ex:S again; the data is a chain a million long.
        var shapes = Helpers.Parse("ex:S a sh:NodeShape ; sh:targetNode ex:n0 ; sh:property [ sh:path ex:next ; sh:node ex:S ] .");
        var data = new Dataset();
        for (int i = 0; i < Million; i++) data.Add(new Quad(Ex("n" + i), Ex("next"), Ex("n" + (i + 1))));
        ShaclException? e = null;
        OnPoolSizedStack(() => e = Assert.Throws<ShaclException>(() => ShaclValidator.Validate(data, shapes)));
        Assert.Contains($"more than {ShaclLimits.MaxNesting} deep", e!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_recursive_shape_over_a_short_chain_validates()
    {
        var ds = Helpers.Parse("ex:S a sh:NodeShape ; sh:targetNode ex:n0 ; sh:property [ sh:path ex:next ; sh:node ex:S ] . ex:n0 ex:next ex:n1 . ex:n1 ex:next ex:n2 .");
        Report(ds);
    }

    private static void Report(Dataset ds)
    {
        ValidationReport? r = null;
        OnPoolSizedStack(() => r = ShaclValidator.Validate(ds, ds));
        Assert.True(r!.Conforms);
    }

    [Fact]
    public void Inline_shapes_nested_a_million_deep_are_refused()
    {
        // ex:S sh:property [ sh:path ex:p ; sh:property [ sh:path ex:p ; ... ] ] as N-Triples (Turtle would stop at its own limit).
        var ds = new Dataset();
        var scope = new BlankNodeScope();
        Term cur = Ex("S");
        ds.Add(new Quad(Ex("S"), new Iri(Rdf + "type"), new Iri(Sh + "NodeShape")));
        ds.Add(new Quad(Ex("S"), new Iri(Sh + "targetNode"), Ex("x")));
        for (int i = 0; i < Million; i++)
        {
            var next = scope.New();
            ds.Add(new Quad(cur, new Iri(Sh + (i % 2 == 0 ? "property" : "node")), next));
            ds.Add(new Quad(next, new Iri(Sh + "path"), Ex("p")));
            cur = next;
        }
        ShaclException? e = null;
        OnPoolSizedStack(() => e = Assert.Throws<ShaclException>(() => ShaclValidator.Validate(ds, ds)));
        Assert.Contains("nested more than", e!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Paths_nested_a_million_deep_are_refused()
    {
        // sh:path [ sh:inversePath [ sh:inversePath ... ex:p ] ]
        var ds = new Dataset();
        var scope = new BlankNodeScope();
        var first = scope.New();
        ds.Add(new Quad(Ex("S"), new Iri(Rdf + "type"), new Iri(Sh + "PropertyShape")));
        ds.Add(new Quad(Ex("S"), new Iri(Sh + "targetNode"), Ex("x")));
        ds.Add(new Quad(Ex("S"), new Iri(Sh + "path"), first));
        ds.Add(new Quad(Ex("S"), new Iri(Sh + "minCount"), new Literal("1", Vocab.Xsd.Integer)));
        var cur = first;
        for (int i = 0; i < Million; i++)
        {
            var next = scope.New();
            ds.Add(new Quad(cur, new Iri(Sh + (i % 2 == 0 ? "inversePath" : "zeroOrMorePath")), next));
            cur = next;
        }
        ds.Add(new Quad(cur, new Iri(Sh + "inversePath"), Ex("p")));
        ShaclException? e = null;
        OnPoolSizedStack(() => e = Assert.Throws<ShaclException>(() => ShaclValidator.Validate(ds, ds)));
        Assert.Contains("path is nested more than", e!.Message, StringComparison.Ordinal);
    }
}
