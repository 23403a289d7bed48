using PhdResolver.Registry.Pids;

namespace PhdResolver.Registry.Tests;

public class PidParserTests
{
    [Theory]
    [InlineData("RRID:SCR_017406", "RRID:SCR_017406", true)]
    [InlineData("rrid:scr_017406", "RRID:SCR_017406", false)]
    [InlineData("ror:03vek6s52", "ror:03vek6s52", true)]
    [InlineData("ROR:03VEK6S52", "ror:03vek6s52", false)]
    [InlineData("doi:10.5281/zenodo.123", "doi:10.5281/zenodo.123", true)]
    [InlineData("DOI:10.5281/ZENODO.123", "doi:10.5281/zenodo.123", false)]
    [InlineData("doi:10.5281%2Fzenodo.123", "doi:10.5281/zenodo.123", false)]
    [InlineData("doi:10.1000/a/b/c", "doi:10.1000/a/b/c", true)]
    [InlineData("hdl:21.T11998/abc", "hdl:21.T11998/abc", true)]
    [InlineData("HDL:21.t11998/abc", "hdl:21.T11998/abc", false)]
    [InlineData("hdl:10.5281/zenodo.123", "doi:10.5281/zenodo.123", false)]
    public void Compact_forms_canonicalise(string input, string canonical, bool wasCanonical)
    {
        Assert.True(PidParser.TryParsePid(input, out var pid, out bool c, out var error), error);
        Assert.Equal(canonical, pid.ToString());
        Assert.Equal(wasCanonical, c);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("SCR_017406")]
    [InlineData("foo:bar")]
    [InlineData("RRID:")]
    [InlineData("RRID:SCR")]
    [InlineData("ror:03vek6s53")]
    [InlineData("doi:11.5281/x")]
    [InlineData("doi:10.5281/")]
    [InlineData("doi:10.ab/x")]
    [InlineData("doi:10.5281/has space")]
    [InlineData("hdl:nosuffix")]
    [InlineData("phd:0000-0000-01")]
    public void Garbage_gives_a_clear_error(string input)
    {
        Assert.False(PidParser.TryParsePid(input, out _, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
        var e = Assert.Throws<PidFormatException>(() => PidParser.ParsePid(input));
        Assert.Contains(error!, e.Message, StringComparison.Ordinal);
    }

    private const string F = "RRID:SCR_017406";
    private const string M = "RRID:SCR_023456";
    private const string I = "doi:10.5281/zenodo.123";

    [Fact]
    public void Every_prefix_of_a_concatenation_parses_to_its_level()
    {
        var acc = PhdAccession.NewRandom();
        var cases = new (string Path, PidLevel? Level)[]
        {
            ($"/{F}", null),
            ($"/{F}/{M}", PidLevel.Model),
            ($"/{F}/{M}/{I}", PidLevel.Instance),
            ($"/{F}/{M}/{I}/c3", PidLevel.Descriptor),
            ($"/{F}/{M}/{I}/latest", PidLevel.Descriptor),
            ($"/{F}/{M}/{I}/{acc}", PidLevel.Descriptor),
            ($"/ror:03vek6s52/{M}/hdl:21.T11998/abc/c1", PidLevel.Descriptor),
        };
        foreach (var (path, level) in cases)
        {
            var p = PidParser.ParsePath(path);
            Assert.Equal(level, p.Level);
            Assert.True(p.WasCanonical, path);
            Assert.Equal(path, p.ToString());
        }
        var full = PidParser.ParsePath($"/{F}/{M}/{I}/c3");
        Assert.Equal(F, full.Facility.ToString());
        Assert.Equal(M, full.Model.ToString());
        Assert.Equal(I, full.Instance.ToString());
        Assert.Equal(ConfigRef.OfVersion(3), full.Config);
    }

    [Fact]
    public void DOIs_with_slashes_take_everything_between_model_and_config()
    {
        var p = PidParser.ParsePath($"/{F}/{M}/doi:10.1000/a/b/c/c2");
        Assert.Equal("doi:10.1000/a/b/c", p.Instance.ToString());
        Assert.Equal(2, p.Config!.Value.Number);
        var q = PidParser.ParsePath($"/{F}/{M}/doi:10.1000/a/b/c");
        Assert.Equal("doi:10.1000/a/b/c", q.Instance.ToString());
        Assert.Null(q.Config);
    }

    [Theory]
    [InlineData("/rrid:scr_017406/RRID:SCR_023456/DOI:10.5281/ZENODO.123/C3")]
    [InlineData("/RRID:SCR_017406/RRID:SCR_023456/doi:10.5281%2Fzenodo.123/c3")]
    [InlineData("/RRID:SCR_017406/RRID:SCR_023456/doi:10.5281/zenodo.123/c3/")]
    [InlineData("RRID:SCR_017406/RRID:SCR_023456/doi:10.5281/zenodo.123/c03")]
    public void Non_canonical_spellings_parse_and_say_so(string input)
    {
        var p = PidParser.ParsePath(input);
        Assert.False(p.WasCanonical);
        Assert.Equal("/RRID:SCR_017406/RRID:SCR_023456/doi:10.5281/zenodo.123/c3", p.ToString());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/foo")]
    [InlineData("/RRID:SCR_1/doi:10.1/x")]
    [InlineData("/RRID:SCR_1/RRID:SCR_2/notapid")]
    [InlineData("/RRID:SCR_1/RRID:SCR_2/RRID:SCR_3")]
    public void Bad_paths_give_errors(string path)
    {
        Assert.False(PidParser.TryParsePath(path, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [InlineData("https://doi.org/10.5281/zenodo.123", "/doi:10.5281/zenodo.123")]
    [InlineData("http://dx.doi.org/10.5281/ZENODO.123", "/doi:10.5281/zenodo.123")]
    [InlineData("https://doi.org/10.5281%2Fzenodo.123", "/doi:10.5281/zenodo.123")]
    [InlineData("https://identifiers.org/RRID:SCR_017406", "/RRID:SCR_017406")]
    [InlineData("https://identifiers.org/rrid/RRID:SCR_017406", "/RRID:SCR_017406")]
    [InlineData("https://scicrunch.org/resolver/RRID:SCR_017406", "/RRID:SCR_017406")]
    [InlineData("https://hdl.handle.net/21.T11998/abc", "/hdl:21.T11998/abc")]
    [InlineData("https://ror.org/03vek6s52", "/ror:03vek6s52")]
    [InlineData("https://ror.org/03vek6s52/", "/ror:03vek6s52")]
    [InlineData("10.5281/zenodo.123", "/doi:10.5281/zenodo.123")]
    [InlineData("SCR_017406", "/RRID:SCR_017406")]
    [InlineData("03vek6s52", "/ror:03vek6s52")]
    [InlineData("doi:10.5281/zenodo.123", "/doi:10.5281/zenodo.123")]
    [InlineData("info:doi/10.5281/zenodo.123", "/doi:10.5281/zenodo.123")]
    [InlineData("RRID:SCR_017406/RRID:SCR_023456/doi:10.5281/zenodo.123/latest", "/RRID:SCR_017406/RRID:SCR_023456/doi:10.5281/zenodo.123/latest")]
    public void ParseAny_reads_URL_and_bare_forms(string input, string canonical)
    {
        var p = PidParser.ParseAny(input);
        Assert.Equal(canonical, p.ToString());
        Assert.False(p.WasCanonical);
    }

    [Theory]
    [InlineData("https://example.org/10.1/x")]
    [InlineData("https://doi.org/")]
    [InlineData("not a pid")]
    [InlineData("\"; DROP TABLE reg_pids; --")]
    public void ParseAny_rejects_garbage(string input)
    {
        Assert.False(PidParser.TryParseAny(input, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
