using System.Globalization;
using System.Text;

namespace PhdResolver.EndToEnd.Tests;

/// <summary>
/// Issue 12, "no recursion depth comes from input": a real <c>phd serve</c> child process gets
/// descriptors nested a million deep (and other bad bodies) on <c>/api/validate?tier=1</c>, which
/// needs no token. A stack overflow cannot be caught in .NET and would kill the child, so every
/// answer must be a 4xx problem and the same process must go on serving the next request.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class DeepInputServerTests
{
    private const int Million = 1_000_000;

    private static string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();

    public static IEnumerable<(string Name, string ContentType, byte[] Body)> Bodies()
    {
        static byte[] U(string s) => Encoding.UTF8.GetBytes(s);
        yield return ("turtle-collections", "text/turtle", U("@prefix : <http://e/> .\n:s :p " + Repeat("(", Million) + "1" + Repeat(")", Million) + " .\n"));
        // Unclosed, so a million levels fit under the 4 MB body limit and reach the parser.
        yield return ("turtle-bnodes", "text/turtle", U("@prefix : <http://e/> .\n:s :p " + Repeat("[:p ", Million)));
        yield return ("turtle-unclosed", "text/turtle", U("@prefix : <http://e/> .\n:s :p " + Repeat("([", Million)));
        yield return ("jsonld-arrays", "application/ld+json", U("{\"@context\":{\"@vocab\":\"http://e/\"},\"p\":" + Repeat("[", Million) + "1" + Repeat("]", Million) + "}"));
        yield return ("jsonld-objects", "application/ld+json", U("{\"@context\":{\"@vocab\":\"http://e/\"}," + Repeat("\"p\":{", Million / 2) + "\"q\":1" + Repeat("}", Million / 2) + "}"));
        yield return ("jsonld-lists", "application/ld+json", U("{\"@context\":{\"@vocab\":\"http://e/\"},\"p\":" + Repeat("{\"@list\":[", Million / 4) + "1" + Repeat("]}", Million / 4) + "}"));
        yield return ("rdfxml", "application/rdf+xml", U("<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:e=\"http://e/\">" + Repeat("<rdf:Description><e:p>", Million / 10) + "</rdf:RDF>"));
        yield return ("mma-arrays", "application/json", U("{\"Schema_ID\":\"Instrument.json\",\"x\":" + Repeat("[", Million) + Repeat("]", Million) + "}"));
        yield return ("mma-objects", "application/json", U("{\"Schema_ID\":\"Instrument.json\",\"x\":" + Repeat("{\"a\":", Million / 8) + "1" + Repeat("}", Million / 8) + "}"));
        yield return ("turtle-long-literal", "text/turtle", U("<http://e/s> <http://e/p> \"" + new string('a', 3 * Million) + "\" ."));
        yield return ("invalid-utf8", "text/turtle", [.. "<http://e/s> <http://e/p> \"a"u8, 0xC3, 0x28, .. "\" ."u8]);
        yield return ("nul-literal", "text/turtle", U("<http://e/s> <http://e/p> \"a\\u0000b\" ."));
    }

    [Fact]
    public async Task Deep_and_bad_descriptors_get_4xx_and_the_server_keeps_serving()
    {
        string dir = Paths.NewTempDir("phd-deep");
        try
        {
            var (server, http) = await PhdChild.Serve(dir, TimeSpan.FromSeconds(60));
            using var _s = server;
            using var _h = http;

            var failures = new List<string>();
            foreach (var (name, type, body) in Bodies())
            {
                using var content = new ByteArrayContent(body);
                content.Headers.TryAddWithoutValidation("Content-Type", type);
                int status;
                string text;
                try
                {
                    using var r = await http.PostAsync("api/validate?tier=1", content);
                    status = (int)r.StatusCode;
                    text = await r.Content.ReadAsStringAsync();
                }
                catch (HttpRequestException e)
                {
                    status = -1;
                    text = e.Message;
                }
                if (server.Process.HasExited)
                    Assert.Fail($"{name}: phd serve died (exit {server.Process.ExitCode}): {Tail(server.Stderr)}");
                // A long but flat literal is a valid descriptor (answered with its report); everything else is refused.
                bool ok = name == "turtle-long-literal" ? status == 200 : status is 400 or 413 or 415 or 422;
                if (!ok) failures.Add($"{name}: {status} {Tail(text)}");
                // The same process answers the next request.
                using var next = await http.GetAsync("healthz");
                Assert.True(next.IsSuccessStatusCode, $"after {name}: healthz {(int)next.StatusCode}");
            }
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }
        finally
        {
            Paths.DeleteQuietly(dir);
        }
    }

    [Fact]
    public async Task Invalid_utf8_and_nul_characters_are_refused_with_their_position()
    {
        string dir = Paths.NewTempDir("phd-chars");
        try
        {
            var (server, http) = await PhdChild.Serve(dir, TimeSpan.FromSeconds(60));
            using var _s = server;
            using var _h = http;
            var bodies = Bodies().ToDictionary(b => b.Name);

            using var utf8 = new ByteArrayContent(bodies["invalid-utf8"].Body);
            utf8.Headers.TryAddWithoutValidation("Content-Type", "text/turtle");
            using var r1 = await http.PostAsync("api/validate?tier=1", utf8);
            Assert.Equal(400, (int)r1.StatusCode);
            Assert.Contains("byte offset 28", await r1.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            using var nul = new ByteArrayContent(bodies["nul-literal"].Body);
            nul.Headers.TryAddWithoutValidation("Content-Type", "text/turtle");
            using var r2 = await http.PostAsync("api/validate?tier=1", nul);
            Assert.Equal(422, (int)r2.StatusCode);
            using var problem = System.Text.Json.JsonDocument.Parse(await r2.Content.ReadAsStringAsync());
            var root = problem.RootElement;
            Assert.Contains("U+0000", root.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal("U+0000", root.GetProperty("codePoint").GetString());
            Assert.Equal(2, root.GetProperty("character").GetInt32());
            Assert.Equal("object", root.GetProperty("position").GetString());
        }
        finally
        {
            Paths.DeleteQuietly(dir);
        }
    }

    private static string Tail(string s) => s.Length > 400 ? s[^400..] : s;

}
