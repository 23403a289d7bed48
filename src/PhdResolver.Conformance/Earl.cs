using System.Globalization;
using System.Reflection;
using PhdResolver.Rdf;

namespace PhdResolver.Conformance;

/// <summary>Writes an EARL report (Turtle), in the shape of the W3C implementation reports.</summary>
public static class Earl
{
    private const string Earl_ = "http://www.w3.org/ns/earl#";
    private const string Doap = "http://usefulinc.com/ns/doap#";
    private const string Dc = "http://purl.org/dc/terms/";
    private const string Foaf = "http://xmlns.com/foaf/0.1/";
    private const string Project = "https://w3id.org/phd-resolver/software#phd";

    public static void Write(string path, IEnumerable<TestResult> results)
    {
        using var output = new StreamWriter(path, false, new System.Text.UTF8Encoding(false));
        var w = new TurtleWriter(output, trig: false, new WriterOptions
        {
            Prefixes = new Dictionary<string, string>
            {
                ["earl"] = Earl_, ["doap"] = Doap, ["dc"] = Dc, ["foaf"] = Foaf, ["xsd"] = Vocab.Xsd.Namespace,
            },
        });
        foreach (var q in Build(results)) w.OnQuad(q);
        w.Finish();
    }

    public static IEnumerable<Quad> Build(IEnumerable<TestResult> results)
    {
        var project = new Iri(Project);
        var version = typeof(Earl).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        yield return new Quad(project, Vocab.Rdf.Type, new Iri(Earl_ + "TestSubject"));
        yield return new Quad(project, Vocab.Rdf.Type, new Iri(Doap + "Project"));
        yield return new Quad(project, new Iri(Doap + "name"), new Literal("PhdResolver"));
        yield return new Quad(project, new Iri(Doap + "programming-language"), new Literal("C#"));
        yield return new Quad(project, new Iri(Doap + "description"), new Literal("RDF parsers and writers of the PHD resolver", "en"));
        var release = BlankNode.Fresh();
        yield return new Quad(project, new Iri(Doap + "release"), release);
        yield return new Quad(release, new Iri(Doap + "revision"), new Literal(version));
        var date = new Literal(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), Vocab.Xsd.DateTime);
        foreach (var r in results)
        {
            var a = BlankNode.Fresh();
            var res = BlankNode.Fresh();
            yield return new Quad(a, Vocab.Rdf.Type, new Iri(Earl_ + "Assertion"));
            yield return new Quad(a, new Iri(Earl_ + "assertedBy"), project);
            yield return new Quad(a, new Iri(Earl_ + "subject"), project);
            yield return new Quad(a, new Iri(Earl_ + "test"), new Iri(r.Id));
            yield return new Quad(a, new Iri(Earl_ + "mode"), new Iri(Earl_ + "automatic"));
            yield return new Quad(a, new Iri(Earl_ + "result"), res);
            yield return new Quad(res, Vocab.Rdf.Type, new Iri(Earl_ + "TestResult"));
            string outcome = r.Outcome switch { Outcome.Passed => "passed", Outcome.Failed => "failed", _ => "inapplicable" };
            yield return new Quad(res, new Iri(Earl_ + "outcome"), new Iri(Earl_ + outcome));
            yield return new Quad(res, new Iri(Dc + "date"), date);
            if (r.Message is not null)
                yield return new Quad(res, new Iri(Dc + "description"), new Literal(r.Message));
        }
    }
}
