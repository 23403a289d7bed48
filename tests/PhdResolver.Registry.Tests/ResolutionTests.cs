using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Resolution;
using static PhdResolver.Registry.Tests.TestRegistry;

namespace PhdResolver.Registry.Tests;

public class ResolutionTests
{
    private const string InstPath = $"/{F}/{M}/{I}";

    [Fact]
    public void Found_at_every_level()
    {
        using var t = new TestRegistry();
        t.Seed();
        var v = t.Registry.SubmitVersion(I, Graph("Plan-Apochromat 63x"), 2, "cli");
        var r = t.Registry.Resolver;

        Assert.Equal(PidLevel.Facility, Found(r.Resolve($"/{F}")).Level);
        Assert.Equal(PidLevel.Model, Found(r.Resolve($"/{M}")).Level);
        var fm = Found(r.Resolve($"/{F}/{M}"));
        Assert.Equal(PidLevel.Model, fm.Level);
        Assert.NotNull(fm.Facility);
        var inst = Found(r.Resolve(InstPath));
        Assert.Equal(PidLevel.Instance, inst.Level);
        Assert.Equal("Confocal room 3", inst.Instance!.Name);
        var d = Found(r.Resolve(InstPath + "/c1"));
        Assert.Equal(v, d.Version);
        Assert.Equal(200, d.HttpStatus);
    }

    [Fact]
    public void Every_prefix_resolves_with_minted_phd_facility_and_model()
    {
        // Facility and model without RRID/ROR get phd: accessions, so "/phd:F/phd:M" has the same
        // shape as "/phd:<instance>/phd:<version>"; the registry decides which it is.
        using var t = new TestRegistry();
        var f = t.Registry.RegisterFacility(new NewFacility { Name = "Minted core" }, "cli");
        var m = t.Registry.RegisterModel(new NewModel { Name = "Minted model", Manufacturer = "Acme" }, "cli");
        var i = t.Registry.RegisterInstance(new NewInstance { Name = "Minted scope", Facility = f.Pid.ToString(), Model = m.Pid.ToString() }, "cli");
        var v = t.Registry.SubmitVersion(i.Pid.ToString(), Graph("Plan-Apochromat 63x"), 2, "cli");
        Assert.Equal(PidScheme.Phd, f.Pid.Scheme);
        Assert.Equal(PidScheme.Phd, m.Pid.Scheme);
        Assert.Equal(PidScheme.Phd, i.Pid.Scheme);
        var r = t.Registry.Resolver;
        string fp = $"/{f.Pid}", fmp = $"/{f.Pid}/{m.Pid}", ip = $"{fmp}/{i.Pid}";

        Assert.Equal(PidLevel.Facility, Found(r.Resolve(fp)).Level);
        var fm = Found(r.Resolve(fmp));
        Assert.Equal(PidLevel.Model, fm.Level);
        Assert.Equal(f, fm.Facility);
        Assert.Equal(m, fm.Model);
        Assert.Equal(PidLevel.Instance, Found(r.Resolve(ip)).Level);
        Assert.Equal(v, Found(r.Resolve(ip + "/c1")).Version);
        // Lone PIDs and the instance + version-accession form still mean what they meant.
        Assert.Equal(PidLevel.Model, Found(r.Resolve($"/{m.Pid}")).Level);
        Assert.Equal(PidLevel.Instance, r.Resolve($"/{i.Pid}").Level);
        var byAccession = r.Resolve($"/{i.Pid}/{v.Accession}");
        Assert.Equal(ResolutionStatus.Redirect, byAccession.Status);
        Assert.Equal(ip + "/c1", byAccession.Location);
        // A non-canonical spelling of the facility/model prefix redirects to it.
        var lower = r.Resolve(fmp.ToLowerInvariant());
        Assert.Equal(ResolutionStatus.Redirect, lower.Status);
        Assert.Equal(fmp, lower.Location);
        // A facility followed by something that is not a model is still a 404, not a crash.
        Assert.Equal(ResolutionStatus.NotFound, r.Resolve($"/{f.Pid}/{v.Accession}").Status);
        Assert.Equal(ResolutionStatus.NotFound, r.Resolve($"/{f.Pid}/{i.Pid}").Status);
    }

    [Fact]
    public void Every_prefix_resolves_with_rrid_facility_and_model()
    {
        using var t = new TestRegistry();
        t.Seed();
        t.Registry.SubmitVersion(I, Graph("Plan-Apochromat 63x"), 2, "cli");
        var r = t.Registry.Resolver;
        string[] prefixes = [$"/{F}", $"/{F}/{M}", InstPath, InstPath + "/c1"];
        PidLevel[] levels = [PidLevel.Facility, PidLevel.Model, PidLevel.Instance, PidLevel.Descriptor];
        for (int k = 0; k < prefixes.Length; k++)
        {
            var res = Found(r.Resolve(prefixes[k]));
            Assert.Equal(levels[k], res.Level);
            Assert.Equal(prefixes[k], res.Location);
        }
    }

    private static ResolutionResult Found(ResolutionResult r)
    {
        Assert.True(r.Status == ResolutionStatus.Found, $"{r.Status}: {r.Error} {r.Location}");
        return r;
    }

    private static void Redirects(ResolutionResult r, RedirectKind kind, string location, int status)
    {
        Assert.Equal(ResolutionStatus.Redirect, r.Status);
        Assert.Equal(kind, r.Redirect);
        Assert.Equal(location, r.Location);
        Assert.Equal(status, r.HttpStatus);
    }

    [Fact]
    public void Canonical_redirects()
    {
        using var t = new TestRegistry();
        t.Seed();
        var v = t.Registry.SubmitVersion(I, Graph("x"), 1, "cli");
        var r = t.Registry.Resolver;
        Redirects(r.Resolve("/rrid:scr_017406"), RedirectKind.Canonical, $"/{F}", 301);
        Redirects(r.Resolve("/RRID:SCR_017406/RRID:SCR_023456/DOI:10.5281/ZENODO.123"), RedirectKind.Canonical, InstPath, 301);
        Redirects(r.Resolve(InstPath + "/"), RedirectKind.Canonical, InstPath, 301);
        Redirects(r.Resolve($"/{F}/{M}/doi:10.5281%2Fzenodo.123/C1"), RedirectKind.Canonical, InstPath + "/c1", 301);
        // Lone PIDs, accessions and resolver URLs go to the full concatenated path.
        Redirects(r.Resolve($"/{I}"), RedirectKind.Canonical, InstPath, 301);
        Redirects(r.Resolve("https://doi.org/10.5281/zenodo.123"), RedirectKind.Canonical, InstPath, 301);
        Redirects(r.Resolve("/" + v.Accession), RedirectKind.Canonical, InstPath + "/c1", 301);
        Redirects(r.Resolve(InstPath + "/" + v.Accession), RedirectKind.Canonical, InstPath + "/c1", 301);
        Redirects(r.Resolve(v.Accession.ToString().ToLowerInvariant()), RedirectKind.Canonical, InstPath + "/c1", 301);
    }

    [Fact]
    public void Facility_alias_redirects_to_its_primary_pid()
    {
        using var t = new TestRegistry();
        t.Registry.RegisterFacility(new NewFacility { Rrid = "RRID:SCR_000001", Ror = F2, Name = "Both" }, "cli");
        Redirects(t.Registry.Resolver.Resolve("/" + F2), RedirectKind.Canonical, "/RRID:SCR_000001", 301);
    }

    [Fact]
    public void Latest_302s_to_the_newest_version()
    {
        using var t = new TestRegistry();
        t.Seed();
        var r = t.Registry.Resolver;
        Assert.Equal(ResolutionStatus.NotFound, r.Resolve(InstPath + "/latest").Status);
        t.Registry.SubmitVersion(I, Graph("a"), 1, "cli");
        t.Registry.SubmitVersion(I, Graph("b"), 1, "cli");
        Redirects(r.Resolve(InstPath + "/latest"), RedirectKind.Latest, InstPath + "/c2", 302);
        t.Registry.Withdraw(InstPath + "/c2", "wrong objective", "cli");
        Redirects(r.Resolve(InstPath + "/latest"), RedirectKind.Latest, InstPath + "/c1", 302);
    }

    [Fact]
    public void Moved_instances_redirect_from_the_old_facility()
    {
        using var t = new TestRegistry();
        t.Seed();
        t.Registry.SubmitVersion(I, Graph("a"), 1, "cli");
        var moved = t.Registry.MoveInstance(I, F2, "cli");
        Assert.Equal(F2, moved.Facility.ToString());
        var r = t.Registry.Resolver;
        string newPath = $"/{F2}/{M}/{I}";
        Found(r.Resolve(newPath));
        Found(r.Resolve(newPath + "/c1"));
        Redirects(r.Resolve(InstPath), RedirectKind.Moved, newPath, 301);
        Redirects(r.Resolve(InstPath + "/c1"), RedirectKind.Moved, newPath + "/c1", 301);
        Redirects(r.Resolve(InstPath + "/latest"), RedirectKind.Moved, newPath + "/latest", 301);
        Redirects(r.Resolve($"/{I}"), RedirectKind.Canonical, newPath, 301);
        t.Reopen();
        Redirects(t.Registry.Resolver.Resolve(InstPath + "/c1"), RedirectKind.Moved, newPath + "/c1", 301);
    }

    [Fact]
    public void Withdrawn_records_are_gone_with_their_tombstone()
    {
        using var t = new TestRegistry();
        t.Seed();
        t.Registry.SubmitVersion(I, Graph("a"), 1, "cli");
        t.Registry.Withdraw(I, "decommissioned", "token-7");
        var r = t.Registry.Resolver;
        var g = r.Resolve(InstPath);
        Assert.Equal(ResolutionStatus.Gone, g.Status);
        Assert.Equal(410, g.HttpStatus);
        Assert.Equal("decommissioned", g.Tombstone!.Reason);
        Assert.Equal("Confocal room 3", g.Instance!.Name); // still citable
        Assert.Equal(ResolutionStatus.Gone, r.Resolve(InstPath + "/c1").Status);
        Redirects(r.Resolve($"/{I}"), RedirectKind.Canonical, InstPath, 301);
        t.Reopen();
        Assert.Equal(ResolutionStatus.Gone, t.Registry.Resolver.Resolve(InstPath).Status);
    }

    [Theory]
    [InlineData("/RRID:SCR_999999")]
    [InlineData($"/{F}/RRID:SCR_999999")]
    [InlineData($"/{F}/{M}/doi:10.1/nothere")]
    [InlineData($"/{F}/{M}/{I}/c9")]
    [InlineData($"/{F2}/{M}/{I}")] // never was at F2
    [InlineData($"/{M}/{M}/{I}")] // a model in the facility position
    public void Not_found(string path)
    {
        using var t = new TestRegistry();
        t.Seed();
        t.Registry.SubmitVersion(I, Graph("a"), 1, "cli");
        var res = t.Registry.Resolver.Resolve(path);
        Assert.Equal(ResolutionStatus.NotFound, res.Status);
        Assert.Equal(404, res.HttpStatus);
    }

    [Fact]
    public void Garbage_is_invalid()
    {
        using var t = new TestRegistry();
        var res = t.Registry.Resolver.Resolve("/%%%/x");
        Assert.Equal(ResolutionStatus.Invalid, res.Status);
        Assert.Equal(400, res.HttpStatus);
        Assert.False(string.IsNullOrEmpty(res.Error));
    }
}
