using System.Diagnostics;
using PhdResolver.Rdf;

namespace PhdResolver.Store.Tests;

/// <summary><c>phd load</c> then <c>phd dump</c> through the real executable gives the data back.</summary>
[Trait("Category", "Cli")]
public class LoadDumpCommandTests
{
    private static (int Code, string Out, string Err) Phd(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "phd.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(120_000));
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Load_then_dump_round_trips_as_NQuads()
    {
        using var tmp = new TempDir();
        var ttl = Path.Combine(tmp.Path, "a.ttl");
        File.WriteAllText(ttl, """
            @prefix ex: <http://example.org/> .
            ex:m a ex:Microscope ; ex:label "Scope"@en, "Mikroskop"@de ; ex:objectives 3 ;
                 ex:part [ ex:name "laser \"488\"" ; ex:power 20.5 ] .
            """);
        var nt = Path.Combine(tmp.Path, "b.nt");
        File.WriteAllText(nt, "<http://example.org/x> <http://example.org/y> \"z\" .\n");
        var data = Path.Combine(tmp.Path, "data");

        var load = Phd("load", ttl, nt, "--data", data, "--graph", "http://example.org/g");
        Assert.True(load.Code == 0, load.Err);
        var dump = Phd("dump", "--data", data);
        Assert.True(dump.Code == 0, dump.Err);

        var g = new Iri("http://example.org/g");
        var expected = Dataset.Load(ttl).Concat(Dataset.Load(nt)).Select(q => q.WithGraph(g));
        var actual = Dataset.Parse(dump.Out, RdfFormat.NQuads);
        Assert.Equal(8, actual.Count);
        Assert.True(Isomorphism.AreIsomorphic(expected, actual), dump.Out);
    }

    [Fact]
    public void A_syntax_error_loads_nothing()
    {
        using var tmp = new TempDir();
        var good = Path.Combine(tmp.Path, "good.nt");
        File.WriteAllText(good, "<http://example.org/x> <http://example.org/y> \"z\" .\n");
        var bad = Path.Combine(tmp.Path, "bad.nt");
        File.WriteAllText(bad, "<http://example.org/x> <http://example.org/y> oops .\n");
        var data = Path.Combine(tmp.Path, "data");
        var load = Phd("load", good, bad, "--data", data);
        Assert.Equal(1, load.Code);
        using var store = QuadStore.Open(data);
        Assert.Equal(0, store.OpenSnapshot().QuadCount);
    }
}
