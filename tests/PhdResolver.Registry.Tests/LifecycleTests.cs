using PhdResolver.Registry.Records;

namespace PhdResolver.Registry.Tests;

/// <summary>Registry rules of issue 15: ORCID check digits, identifiers and people survive a reopen, an edit is a revision.</summary>
public sealed class LifecycleTests
{
    [Theory]
    [InlineData("0000-0002-1825-0097", "0000-0002-1825-0097")] // ORCID's documented examples
    [InlineData("0000-0001-5109-3700", "0000-0001-5109-3700")]
    [InlineData("0000-0002-1694-233x", "0000-0002-1694-233X")] // check digit 10 is X
    [InlineData("https://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097")]
    [InlineData("0000000218250097", "0000-0002-1825-0097")]
    public void Valid_orcid_ids_are_made_canonical(string input, string expected) =>
        Assert.Equal(expected, Person.ParseOrcid(input, out _));

    [Theory]
    [InlineData("0000-0002-1825-0098")] // one digit off
    [InlineData("0000-0002-1852-0097")] // adjacent digits swapped
    [InlineData("0000-0002-1825-009")]  // too short
    [InlineData("0000-0002-1825-00977")]
    [InlineData("0000-000A-1825-0097")]
    public void Every_mistyped_orcid_is_refused_with_a_reason(string input)
    {
        Assert.Null(Person.ParseOrcid(input, out var why));
        Assert.False(string.IsNullOrEmpty(why));
    }

    [Fact]
    public void Every_single_digit_error_and_adjacent_swap_of_an_orcid_is_caught()
    {
        const string digits = "0000000218250097";
        for (int k = 0; k < 16; k++)
            for (char c = '0'; c <= '9'; c++)
            {
                if (c == digits[k]) continue;
                var typo = digits[..k] + c + digits[(k + 1)..];
                Assert.Null(Person.ParseOrcid(typo, out _));
            }
        for (int k = 0; k < 15; k++)
        {
            if (digits[k] == digits[k + 1]) continue;
            var swapped = digits[..k] + digits[k + 1] + digits[k] + digits[(k + 2)..];
            Assert.Null(Person.ParseOrcid(swapped, out _));
        }
    }

    [Fact]
    public void Edits_identifiers_and_people_survive_a_reopen_and_the_edit_is_audited()
    {
        using var t = new TestRegistry();
        t.Seed();
        var r = t.Registry.EditRecord(TestRegistry.I, new RecordEdit
        {
            Name = "Confocal room 4",
            Identifiers = [new IdentifierInput { Scheme = "serial", Value = "SN-1" }, new IdentifierInput { Scheme = "wikidata", Value = "Q42" }],
            People = [new PersonInput { Name = "Ada", Orcid = "0000-0002-1825-0097", Role = "manager", Email = "ada@example.org" }],
            Reason = "room change",
        }, "cli");
        Assert.Equal(2, r.Revision);
        Assert.Equal(["name", "identifiers", "people"], r.Changed);
        t.Reopen();
        var i = t.Registry.GetInstance(Pids.Pid.Parse(TestRegistry.I))!;
        Assert.Equal(("Confocal room 4", 2), (i.Name, i.Revision));
        Assert.Equal(["serial SN-1", "Wikidata Q42"], i.Identifiers.Select(x => x.ToString()).ToArray());
        var p = Assert.Single(i.People);
        Assert.Equal(("Ada", "0000-0002-1825-0097", "manager", "ada@example.org", false), (p.Name, p.Orcid, p.Role, p.Email, p.EmailPublic));
        // The claim survives too: another instrument of the same manufacturer may not take the serial number.
        var e = Assert.Throws<RegistryException>(() => t.Registry.RegisterInstance(new NewInstance
        {
            Name = "Twin", Facility = TestRegistry.F, Model = TestRegistry.M, Identifiers = [new IdentifierInput { Scheme = "serial", Value = "SN-1" }],
        }, "cli"));
        Assert.Equal(RegistryErrorKind.Conflict, e.Kind);
        // The history never carries the (private) email address.
        var h = t.Registry.History(TestRegistry.I, withActors: false);
        Assert.Equal("edit-record", h.Entries[0].Action);
        Assert.Null(h.Entries[0].Actor);
        Assert.DoesNotContain("ada@example.org", string.Join(" ", h.Entries.SelectMany(x => x.Details.Values)), StringComparison.Ordinal);
        Assert.Contains("room change", h.Entries[0].Details["reason"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_facility_taking_a_pid_claimed_as_another_records_identifier_is_a_conflict()
    {
        using var t = new TestRegistry();
        t.Seed();
        t.Registry.EditRecord(TestRegistry.F, new RecordEdit { Identifiers = [new IdentifierInput { Scheme = "ROR", Value = "https://ror.org/0zzdem023" }] }, "cli");
        var e = Assert.Throws<RegistryException>(() => t.Registry.RegisterFacility(new NewFacility { Ror = "ror:0zzdem023", Name = "Copy" }, "cli"));
        Assert.Equal(RegistryErrorKind.Conflict, e.Kind);
        Assert.Equal(2, t.Registry.FacilityCount);
    }
}
