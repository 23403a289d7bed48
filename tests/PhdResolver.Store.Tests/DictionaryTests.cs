using PhdResolver.Rdf;

namespace PhdResolver.Store.Tests;

public class DictionaryTests
{
    private static readonly Term[] AllKinds =
    [
        new Iri("http://example.org/a"),
        new Iri("http://example.org/ünïcödé/𝄞"),
        new BlankNode("b1"),
        new BlankNode("x-y_z"),
        new Literal(""),
        new Literal("plain"),
        new Literal("line\nbreak \"quoted\" tab\t"),
        new Literal("chat", "fr"),
        new Literal("colour", "en-GB"),
        new Literal("42", new Iri("http://www.w3.org/2001/XMLSchema#integer")),
        new Literal("true", new Iri("http://www.w3.org/2001/XMLSchema#boolean")),
        new Literal("2024-01-01", new Iri("http://www.w3.org/2001/XMLSchema#date")),
        new Literal("<b>x</b>", new Iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#HTML")),
        new Literal("http://example.org/a"), // same text as an IRI, different term
        new Literal(new string('x', 3_000_000)), // larger than an arena chunk
    ];

    [Fact]
    public void Every_kind_round_trips_in_memory_and_through_SQLite()
    {
        using var dir = new TempDir();
        var ids = new uint[AllKinds.Length];
        using (var store = dir.Open())
        {
            using var tx = store.BeginWrite();
            for (int i = 0; i < AllKinds.Length; i++)
            {
                ids[i] = tx.Intern(AllKinds[i]);
                Assert.Equal(AllKinds[i], store.Dictionary.GetTerm(ids[i]));
                Assert.Equal(ids[i], tx.Intern(AllKinds[i])); // stable
                tx.Insert(new Quad(new Iri("http://example.org/s"), new Iri("http://example.org/p"), AllKinds[i]));
            }
            Assert.Equal(AllKinds.Length, ids.Distinct().Count());
            tx.Commit();
        }
        using (var store = dir.Open())
        {
            for (int i = 0; i < AllKinds.Length; i++)
            {
                Assert.Equal(AllKinds[i], store.Dictionary.GetTerm(ids[i]));
                Assert.True(store.Dictionary.TryGetId(AllKinds[i], out var id));
                Assert.Equal(ids[i], id);
            }
        }
    }

    [Fact]
    public void Language_tags_are_case_insensitive()
    {
        using var dir = new TempDir();
        using var store = dir.Open();
        using var tx = store.BeginWrite();
        Assert.Equal(tx.Intern(new Literal("colour", "en-GB")), tx.Intern(new Literal("colour", "EN-gb")));
        Assert.Equal(new Literal("colour", "en-gb"), store.Dictionary.GetTerm(tx.Intern(new Literal("colour", "en-GB"))));
    }

    [Fact]
    public void Many_terms_grow_arena_and_hash_table()
    {
        var dict = new TermDictionary();
        const int n = 200_000;
        for (int i = 0; i < n; i++) Assert.Equal((uint)(i + 1), dict.Intern(new Iri($"http://example.org/item/{i}")));
        for (int i = 0; i < n; i += 997)
        {
            Assert.True(dict.TryGetId(new Iri($"http://example.org/item/{i}"), out var id));
            Assert.Equal((uint)(i + 1), id);
            Assert.Equal(new Iri($"http://example.org/item/{i}"), dict.GetTerm(id));
        }
        Assert.False(dict.TryGetId(new Iri("http://example.org/item/x"), out _));
        Assert.False(dict.TryGetId(new Literal("1", new Iri("http://example.org/unknown-datatype")), out _));
    }
}
