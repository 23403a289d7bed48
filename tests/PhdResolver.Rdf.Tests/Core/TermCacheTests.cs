using System.Text;

namespace PhdResolver.Rdf.Tests.Core;

/// <summary>The parsers' term cache starts small and grows: small documents (a bulk import's thousands) must not pay for a full-size table.</summary>
public class TermCacheTests
{
    private static byte[] Key(int i) => Encoding.ASCII.GetBytes("http://example.org/term/" + i);

    [Fact]
    public void Grows_to_its_full_size_and_never_answers_with_another_keys_term()
    {
        var cache = new TermCache<byte>(bits: 12);
        var terms = new Iri[3000];
        for (int i = 0; i < terms.Length; i++)
        {
            terms[i] = new Iri("http://example.org/term/" + i);
            Assert.Null(cache.Get(Key(i), out int slot));
            cache.Set(slot, Key(i), terms[i]);
        }
        int hits = 0;
        for (int i = 0; i < terms.Length; i++)
            if (cache.Get(Key(i), out _) is { } t)
            {
                Assert.Same(terms[i], t);
                hits++;
            }
        // A table of 1024 slots or fewer holds at most 1024 entries: more hits mean it grew to its full 4096.
        Assert.True(hits > 1024, $"{hits} of 3000 keys still cached");
    }

    [Fact]
    public void Clear_forgets_what_was_cached()
    {
        var cache = new TermCache<byte>(bits: 10);
        var t = new Iri("http://example.org/a");
        cache.Clear(); // nothing cached yet: a no-op
        Assert.Null(cache.Get("a"u8, out int slot));
        cache.Set(slot, "a"u8, t);
        Assert.Same(t, cache.Get("a"u8, out _));
        cache.Clear();
        Assert.Null(cache.Get("a"u8, out _));
    }

    [Fact]
    public void A_small_document_parses_without_full_size_caches()
    {
        var doc = new StringBuilder();
        for (int p = 0; p < 10; p++) doc.Append("@prefix p").Append(p).Append(": <http://example.org/").Append(p).Append("/> .\n");
        for (int i = 0; i < 20; i++) doc.Append("p1:s").Append(i).Append(" p2:p \"v").Append(i).Append("\" ; a p3:C .\n");
        string text = doc.ToString();
        Assert.Equal(40, Dataset.Parse(text, RdfFormat.Turtle).Count); // warm: the pooled read buffer is rented once per thread
        long before = GC.GetAllocatedBytesForCurrentThread();
        var parsed = Dataset.Parse(text, RdfFormat.Turtle);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(40, parsed.Count);
        // Four full-size caches alone were about 270 KB per parse.
        Assert.True(allocated < 100_000, $"{allocated:N0} bytes allocated to parse {text.Length} characters");
    }
}
