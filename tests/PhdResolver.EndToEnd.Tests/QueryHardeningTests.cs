using System.Globalization;
using System.Net;
using System.Text;
using Xunit.Abstractions;

namespace PhdResolver.EndToEnd.Tests;

/// <summary>
/// Issue 12 against the real `phd serve` process: a stack overflow cannot be caught in .NET and
/// kills the process, so only a child process shows that hostile queries cannot end the server.
/// Each reproduction (10^6 deep or 10^6 long) must be answered 400 or 413 (bodies past the 4 MB
/// limit), never 5xx or a reset, and the same process must then answer the next query.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class QueryHardeningTests(ITestOutputHelper output)
{
    private const int Huge = 1_000_000;

    private static string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();

    private static string Chain(string term, string op, int n)
    {
        var sb = new StringBuilder((term.Length + op.Length) * n);
        for (int i = 0; i < n; i++) { if (i > 0) sb.Append(op); sb.Append(term); }
        return sb.ToString();
    }

    private static IEnumerable<(string Name, Func<string> Query)> Reproductions() =>
    [
        ("FILTER((((...1...)))) 10^6 deep", () => "SELECT * WHERE { FILTER(" + Repeat("(", Huge) + "1" + Repeat(")", Huge) + ") }"),
        ("STR(STR(... 10^6 deep", () => "SELECT * WHERE { FILTER(" + Repeat("STR(", Huge) + "1" + Repeat(")", Huge) + ") }"),
        ("STR(STR(... 4*10^5 deep (under the body limit)", () => "SELECT * WHERE { FILTER(" + Repeat("STR(", 400_000) + "1" + Repeat(")", 400_000) + ") }"),
        ("{ { { ... 10^6 deep", () => "SELECT * WHERE " + Repeat("{ ", Huge) + Repeat("} ", Huge)),
        ("collections ( ( ( ... 10^6 deep", () => "SELECT * WHERE { ?s <http://ex/p> " + Repeat("( ", Huge) + "1" + Repeat(" )", Huge) + " }"),
        ("1+1+... 10^6 long", () => "SELECT * WHERE { FILTER(" + Chain("1", "+", Huge) + ") }"),
        ("1 && 1 && ... 10^6 long", () => "SELECT * WHERE { FILTER(" + Chain("1", "&&", Huge) + ") }"),
        ("true && true && ... 10^6 long (over the body limit)", () => "SELECT * WHERE { FILTER(" + Chain("true", "&&", Huge) + ") }"),
        ("path p/p/p... 10^6 long", () => "SELECT * WHERE { ?s " + Chain("<p>", "/", Huge) + " ?o }"),
        ("OPTIONAL x 10^5", () => "SELECT * WHERE { ?s ?p ?o " + Repeat("OPTIONAL { ?s ?p ?o } ", 100_000) + "}"),
    ];

    [Fact]
    public async Task Hostile_queries_are_refused_and_the_server_keeps_serving()
    {
        var dir = Paths.NewTempDir("phd-e2e-sparql-");
        try
        {
            var (server, http) = await PhdChild.Serve(dir, TimeSpan.FromMinutes(2));
            using var _s = server;
            using var _h = http;

            foreach (var (name, query) in Reproductions())
            {
                HttpStatusCode status;
                string text = query();
                try
                {
                    using var content = new StringContent(text, Encoding.UTF8, "application/sparql-query");
                    using var r = await http.PostAsync("sparql", content);
                    status = r.StatusCode;
                }
                catch (HttpRequestException e) when (Encoding.UTF8.GetByteCount(text) > 4 * 1024 * 1024 && !server.Process.HasExited)
                {
                    // Past the body limit Kestrel answers 413 and closes the connection while the
                    // client is still sending, which HttpClient reports as a broken pipe.
                    output.WriteLine($"{name}: connection closed by the body limit ({e.Message})");
                    status = HttpStatusCode.RequestEntityTooLarge;
                }
                catch (HttpRequestException e)
                {
                    Assert.False(server.Process.HasExited, $"{name}: the server died ({e.Message}): {server.Stderr}");
                    throw;
                }
                output.WriteLine($"{name}: {(int)status}");
                Assert.True(status is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, $"{name}: answered {(int)status}");
                Assert.False(server.Process.HasExited, $"{name}: the server exited: {server.Stderr}");
                using var next = await http.GetAsync("sparql?query=" + Uri.EscapeDataString("ASK {}"));
                Assert.Equal(HttpStatusCode.OK, next.StatusCode);
            }
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
