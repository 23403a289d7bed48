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
    [InlineData("\"")]
    [InlineData("*")]
    [InlineData("**")]
    [InlineData("OR")]
    [InlineData("NOT confocal")]
    [InlineData("confocal NEAR/2 zeiss")]
    [InlineData("name:zeiss")]
    [InlineData("^zeiss")]
    [InlineData("\"unterminated phrase")]
    [InlineData("a\"b\"c")]
    [InlineData("(((")]
    [InlineData("'; DROP TABLE reg_search; --")]
    [InlineData("\uE000mark\uE001")]
    [InlineData("-zeiss +nikon")]
    [InlineData("{col1 col2}: x")]
    public void Hostile_queries_never_throw(string q)
    {
        using var t = Seeded();
        var r = t.Registry.Search(q);
        Assert.NotNull(r.Hits);
        Assert.Equal(8, t.Registry.Search(null).Total); // nothing was dropped
    }

    [Fact]
    public void Withdrawn_and_superseded_records_leave_the_index_and_moves_update_it()
    {
        using var t = Seeded();
        t.Registry.SubmitVersion(I, Graph("Plan-Apochromat 40x"), 3, "cli");
        Assert.Equal(0, t.Registry.Search("\"63x\"").Total); // only the newest version is indexed
        Assert.Equal(1, t.Registry.Search("\"40x\"").Total);
        t.Registry.MoveInstance(I, F2, "cli");
        Assert.Equal(1, t.Registry.Search("\"40x\"", new SearchFilter { Facility = "Imaging Core Boston" }).Total);
        Assert.Equal(0, t.Registry.Search("\"40x\"", new SearchFilter { Facility = "Advanced Light Microscopy Facility" }).Total);
        Assert.Equal($"/{F2}/{M}/{I}/c2", t.Registry.Search("\"40x\"").Hits[0].Path);
        t.Registry.Withdraw(I, "gone", "cli");
        Assert.Equal(0, t.Registry.Search("\"40x\"").Total);
        Assert.Equal(0, t.Registry.Search("Airyscan").Total);
    }

    [Theory]
    [InlineData("conf*", "\"conf\"*")]
    [InlineData("\"oil immersion\"", "\"oil immersion\"")]
    [InlineData("AND(", "\"AND(\"")]
    [InlineData("a\"b", "\"a\" \"b\"")]
    [InlineData("*", null)]
    [InlineData("\"", null)]
    public void Query_builder(string input, string? fts)
    {
        Assert.Equal(fts, FtsQuery.Build(input));
    }
}
