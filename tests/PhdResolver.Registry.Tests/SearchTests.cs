using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Search;
using static PhdResolver.Registry.Tests.TestRegistry;

namespace PhdResolver.Registry.Tests;

public class SearchTests
{
    private static TestRegistry Seeded()
    {
        var t = new TestRegistry();
        t.Seed();
        t.Registry.RegisterModel(new NewModel { Rrid = "RRID:SCR_000777", Name = "Ti2-E", Manufacturer = "Nikon", Modality = "widefield" }, "cli");
        t.Registry.RegisterInstance(new NewInstance { Identifier = "hdl:21.T11998/abc", Name = "Widefield B", Facility = F2, Model = "RRID:SCR_000777" }, "cli");
        t.Registry.SubmitVersion(I, Graph("Plan-Apochromat 63x", extraLaser: "488 nm diode"), 2, "cli");
        t.Registry.SubmitVersion("hdl:21.T11998/abc", Graph("CFI Plan Fluor 20x", immersion: "air"), 1, "cli");
        return t;
    }

    [Fact]
    public void Words_prefixes_and_phrases()
    {
        using var t = Seeded();
        var r = t.Registry.Search("confocal");
        Assert.True(r.Total >= 2);
        Assert.Contains(r.Hits, h => h.Pid == I);
        Assert.Contains(r.Hits, h => h.Pid == M);

        var prefix = t.Registry.Search("conf*");
        Assert.True(prefix.Total >= r.Total);

        var phrase = t.Registry.Search("\"oil immersion\"");
        var hit = Assert.Single(phrase.Hits);
        Assert.Equal(PidLevel.Descriptor, hit.Level);
        Assert.Equal($"/{F}/{M}/{I}/c1", hit.Path);
        Assert.Contains(hit.Snippet, p => p.Highlight && p.Text.Equals("oil immersion", StringComparison.OrdinalIgnoreCase)); // a phrase is one highlighted run
        Assert.DoesNotContain(hit.Snippet, p => p.Text.Contains('<', StringComparison.Ordinal)); // parts are text, not markup
        Assert.Equal(0, t.Registry.Search("\"immersion oil\"").Total);

        Assert.Single(t.Registry.Search("Heidelberg Airyscan").Hits, h => h.Level == PidLevel.Instance);
        Assert.Equal(2, t.Registry.Search("objective").Total); // a component type, split from camel case too
    }

    [Fact]
    public void Facets_count_and_filter()
    {
        using var t = Seeded();
        var all = t.Registry.Search(null);
        Assert.Equal(8, all.Total); // 2 facilities, 2 models, 2 instances, 2 versions
        Assert.Contains(new FacetCount("Zeiss", 3), all.Facets.Manufacturer);
        Assert.Contains(new FacetCount("Nikon", 3), all.Facets.Manufacturer);
        Assert.Contains(new FacetCount("Objective", 2), all.Facets.ComponentType);
        Assert.Contains(new FacetCount("Laser", 1), all.Facets.ComponentType);
        Assert.Contains(new FacetCount("2", 1), all.Facets.Tier);
        Assert.Contains(new FacetCount("Imaging Core Boston", 3), all.Facets.Facility);

        var lasers = t.Registry.Search(null, new SearchFilter { ComponentType = "Laser" });
        Assert.Equal(I, t.Registry.GetVersion(PhdAccession.Parse(Assert.Single(lasers.Hits).Pid))!.Instance.ToString());
        Assert.Equal(1, t.Registry.Search("objective", new SearchFilter { Manufacturer = "Nikon" }).Total);
        Assert.Equal(1, t.Registry.Search("objective", new SearchFilter { Tier = 2 }).Total);
        Assert.Equal(2, t.Registry.Search(null, new SearchFilter { Level = PidLevel.Instance }).Total);
        Assert.Equal(0, t.Registry.Search("objective", new SearchFilter { Facility = "nowhere" }).Total);
    }

    [Fact]
    public void Paging()
    {
        using var t = Seeded();
        var p1 = t.Registry.Search(null, null, page: 1, pageSize: 3);
        var p3 = t.Registry.Search(null, null, page: 3, pageSize: 3);
        Assert.Equal(3, p1.Hits.Count);
        Assert.Equal(2, p3.Hits.Count);
        Assert.Empty(t.Registry.Search(null, null, page: 99, pageSize: 3).Hits);
    }

    [Theory]
    [InlineData("AND(")]
    [InlineData("OR")]
    [InlineData("NOT confocal")]
    [InlineData("confocal NEAR/2 zeiss")]
    [InlineData("name:zeiss")]
    [InlineData("^zeiss")]
    [InlineData("a\"b\"c")]
    [InlineData("(((")]
    [InlineData("'; DROP TABLE reg_search; --")]
    [InlineData("\uE000mark\uE001")]
    [InlineData("-zeiss +nikon")]
    [InlineData("{col1 col2}: x")]
    [InlineData("zeiss~2 title:[a TO z] /regex/ \\")]
    [InlineData("?")]
    public void Hostile_queries_never_become_lucene_syntax(string q)
    {
        using var t = Seeded();
        var r = t.Registry.Search(q);
        Assert.NotNull(r.Hits);
        Assert.Equal(8, t.Registry.Search(null).Total); // nothing was dropped
    }

    [Theory]
    [InlineData("\"", "quote at character 1 is not closed")]
    [InlineData("\"unterminated phrase", "is not closed")]
    [InlineData("confocal \"oil", "quote at character 10")]
    [InlineData("*", "'*' needs a word before it")]
    [InlineData("**", "'*' needs a word before it")]
    [InlineData("c*", "at least 2 letters")]
    [InlineData("wavelength:550nm..570nm", "without a unit (wavelength is in nm)")]
    [InlineData("na>=1.4x", "without a unit")]
    [InlineData("wavelength:570..550", "lower bound is greater than the upper bound; write wavelength:550..570")]
    [InlineData("na>=high", "'high' is not a number")]
    [InlineData("na>=", "a number must follow")]
    [InlineData("power:..", "at least one bound")]
    public void Bad_search_text_is_refused_with_a_message_that_says_what_to_write(string q, string message)
    {
        using var t = Seeded();
        var e = Assert.Throws<SearchQueryException>(() => t.Registry.Search(q));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_and_many_worded_queries_are_refused_not_run()
    {
        using var t = Seeded();
        Assert.Contains("longer than 1000", Assert.Throws<SearchQueryException>(() => t.Registry.Search(new string('a', 10_240))).Message, StringComparison.Ordinal);
        Assert.Contains("at most 32", Assert.Throws<SearchQueryException>(() => t.Registry.Search(string.Join(' ', Enumerable.Range(0, 40).Select(i => "w" + i)))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_version_is_searchable_current_ones_first_withdrawn_ones_leave_and_moves_update_all()
    {
        using var t = Seeded();
        t.Registry.SubmitVersion(I, Graph("Plan-Apochromat 40x"), 3, "cli");
        var old = Assert.Single(t.Registry.Search("\"63x\"").Hits); // superseded versions stay searchable
        Assert.False(old.Current);
        Assert.Equal(0, t.Registry.Search("\"63x\"", new SearchFilter { CurrentOnly = true }).Total);
        var both = t.Registry.Search("apochromat").Hits;
        Assert.Equal(2, both.Count);
        Assert.True(both[0].Current); // the current version ranks first
        Assert.Equal(1, t.Registry.Search("\"40x\"").Total);
        t.Registry.MoveInstance(I, F2, "cli");
        Assert.Equal(1, t.Registry.Search("\"40x\"", new SearchFilter { Facility = "Imaging Core Boston" }).Total);
        Assert.Equal(0, t.Registry.Search("\"40x\"", new SearchFilter { Facility = "Advanced Light Microscopy Facility" }).Total);
        Assert.Equal($"/{F2}/{M}/{I}/c2", t.Registry.Search("\"40x\"").Hits[0].Path);
        Assert.Equal($"/{F2}/{M}/{I}/c1", t.Registry.Search("\"63x\"").Hits[0].Path); // old versions moved too
        t.Registry.Withdraw($"/{F2}/{M}/{I}/c2", "wrong", "cli");
        Assert.Equal(0, t.Registry.Search("\"40x\"").Total);
        Assert.True(Assert.Single(t.Registry.Search("\"63x\"").Hits).Current); // c1 is current again
        t.Registry.Withdraw(I, "gone", "cli");
        Assert.Equal(0, t.Registry.Search("\"63x\"").Total);
        Assert.Equal(0, t.Registry.Search("Airyscan").Total);
        Assert.Equal(t.Registry.SearchablePids().Order(), t.Registry.IndexedPids().Order());
    }
}
