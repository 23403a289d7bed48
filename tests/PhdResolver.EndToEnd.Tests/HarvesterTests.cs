using System.Diagnostics;
using AngleSharp.Html.Parser;
using PhdResolver.Rdf;
using Xunit.Abstractions;

namespace PhdResolver.EndToEnd.Tests;

/// <summary>
/// What a generic harvester sees: the JSON-LD embedded in a landing page, expanded and turned into
/// N-Quads by jsonld.js (an independent implementation, run under node with no network document
/// loader), must be exactly the record's Turtle representation, compared by graph isomorphism.
/// Needs node and `npm ci` in tests/js; without them it passes vacuously locally and fails under CI=true.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class HarvesterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private KestrelHost? _host;

    public async Task InitializeAsync() => _host = await KestrelHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }

    private static bool JsonLdAvailable()
    {
        if (File.Exists(Path.Combine(Paths.JsDir, "node_modules", "jsonld", "package.json"))) return true;
        if (Paths.IsCi) Assert.Fail("run `npm ci` in tests/js first (jsonld is missing)");
        return false;
    }

    [Theory]
    [InlineData("facility")]
    [InlineData("model")]
    [InlineData("instance")]
    [InlineData("descriptor")]
    public async Task Embedded_json_ld_read_by_jsonld_js_equals_the_turtle_representation(string level)
    {
        if (!JsonLdAvailable()) return;
        var page = DemoRecords.All(_host!.Services).Single(p => p.Level == level);
        output.WriteLine($"{level}: {_host.Origin}{page.Path}");

        using var htmlReq = new HttpRequestMessage(HttpMethod.Get, page.Path);
        htmlReq.Headers.TryAddWithoutValidation("Accept", "text/html");
        using var htmlResp = await _host.Client.SendAsync(htmlReq);
        Assert.Equal(200, (int)htmlResp.StatusCode);
        var doc = new HtmlParser().ParseDocument(await htmlResp.Content.ReadAsStringAsync());
        var scripts = doc.QuerySelectorAll("script[type='application/ld+json']");
        Assert.Single(scripts);
        string json = scripts[0].TextContent;

        var nquads = RunJsonLd(json, _host.Origin + page.Path);
        var harvested = Dataset.Parse(nquads, RdfFormat.NQuads);

        using var ttlReq = new HttpRequestMessage(HttpMethod.Get, page.Path);
        ttlReq.Headers.TryAddWithoutValidation("Accept", "text/turtle");
        using var ttlResp = await _host.Client.SendAsync(ttlReq);
        Assert.Equal(200, (int)ttlResp.StatusCode);
        Assert.Equal("text/turtle", ttlResp.Content.Headers.ContentType?.MediaType);
        var turtle = Dataset.Parse(await ttlResp.Content.ReadAsStringAsync(), RdfFormat.Turtle,
            new ParserOptions { BaseIri = _host.Origin + page.Path });

        output.WriteLine($"jsonld.js: {harvested.Count} quads; Turtle: {turtle.Count} triples");
        // Our own reading of the embedded JSON-LD must be exactly the Turtle: every literal keeps its
        // lexical form ("405.0e0"^^xsd:double is emitted as {"@value": "405.0e0", "@type": "xsd:double"},
        // never as a JSON number).
        var ours = Dataset.Parse(json, RdfFormat.JsonLd, new ParserOptions { BaseIri = _host.Origin + page.Path });
        AssertIsomorphic(ours, turtle, "our JSON-LD parser");
        // jsonld.js 8.x rewrites every xsd:double value object to its own canonical form even when
        // @value is a string (lib/toRdf.js; JSON-LD 1.1 API §8.6 only canonicalises JSON numbers).
        // That one known deviation is applied to the Turtle side; everything else compares exactly.
        turtle = AsJsonLdJsDoubles(turtle);
        Assert.True(turtle.Count > 0, "the Turtle representation is empty");
        AssertIsomorphic(harvested, turtle, "jsonld.js");
    }

    private static void AssertIsomorphic(Dataset jsonLd, Dataset turtle, string reader)
    {
        if (Isomorphism.AreIsomorphic(jsonLd, turtle)) return;
        var a = new HashSet<string>(jsonLd.Select(q => q.ToString()), StringComparer.Ordinal);
        var b = new HashSet<string>(turtle.Select(q => q.ToString()), StringComparer.Ordinal);
        Assert.Fail($"the embedded JSON-LD read by {reader} and the Turtle differ (blank node labels may differ too):\nonly in JSON-LD:\n  "
            + string.Join("\n  ", a.Except(b).Take(20)) + "\nonly in Turtle:\n  " + string.Join("\n  ", b.Except(a).Take(20)));
    }

    private const string XsdDouble = "http://www.w3.org/2001/XMLSchema#double";

    /// <summary>What jsonld.js makes of a string xsd:double: value.toExponential(15) with trailing zeros trimmed ("4.05E2", "4.0E1").</summary>
    private static Dataset AsJsonLdJsDoubles(Dataset ds)
    {
        var result = new Dataset();
        foreach (var q in ds)
        {
            var o = q.Object;
            if (o is Literal l && l.Datatype.Value == XsdDouble
                && double.TryParse(l.Lexical, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d))
                o = new Literal(d.ToString("0.0##############E0", System.Globalization.CultureInfo.InvariantCulture), l.Datatype);
            result.Add(new Quad(q.Subject, q.Predicate, o, q.Graph));
        }
        return result;
    }

    private static string RunJsonLd(string json, string baseIri)
    {
        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = Paths.JsDir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(Paths.JsDir, "jsonld-to-nquads.js"));
        psi.ArgumentList.Add("-");
        psi.ArgumentList.Add(baseIri);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardInput.Write(json);
        p.StandardInput.Close();
        if (!p.WaitForExit(60_000))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("jsonld.js did not finish in 60 s");
        }
        Assert.True(p.ExitCode == 0, "jsonld.js failed: " + stderr.Result);
        return stdout.Result;
    }
}
