using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using PhdResolver.Nboq.Validation;
using PhdResolver.Registry;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;
using PhdResolver.Registry.Resolution;
using PhdResolver.Registry.Validation;
using PhdResolver.Web.Infrastructure;
using PhdResolver.Web.Infrastructure.Auth;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Staff;

/// <summary>
/// What the staff pages show that is worked out rather than read off one record: the staff home's facilities,
/// instruments and versions, and the tiers a configuration can be declared at. The HTML is in Pages/Staff.
/// </summary>
internal static class StaffPages
{
    /// <summary>Instruments listed per facility on the dashboard (an administrator sees every facility).</summary>
    private const int MaxListed = 200;

    /// <summary>The staff home's model: the facilities the token acts for (an administrator: all) with their live instruments and versions.</summary>
    public static DashboardPage Dashboard(StaffFrame frame, PhdResolver.Registry.Tokens.ApiToken token, RegistryService reg)
    {
        var facilities = token.IsAdmin
            ? reg.Facilities.Where(f => f.Tombstone is null).OrderBy(f => f.Name, StringComparer.Ordinal).ToList()
            : reg.Facilities.Where(f => f.Pid.ToString() == token.Scope && f.Tombstone is null).ToList();
        var blocks = new List<DashboardFacility>(facilities.Count);
        foreach (var f in facilities)
        {
            var instances = reg.InstancesAt(f.Pid).Where(i => i.Tombstone is null).OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
            var rows = instances.Take(MaxListed).Select(i => new DashboardInstrument(i, Paths.Of(i),
                [.. reg.GetVersions(i.Pid).Where(v => v.Tombstone is null).OrderByDescending(v => v.Number)
                    .Select(v => new VersionRow("c" + v.Number.ToString(CultureInfo.InvariantCulture), v.Pid.ToString(), Paths.Of(i, v.Number), v.Tier, 0))])).ToList();
            blocks.Add(new DashboardFacility(f, rows, Math.Max(0, instances.Count - MaxListed)));
        }
        // Models are shared by every facility: only an administrator changes them, so only an administrator's home lists them.
        ModelRecord[] models = token.IsAdmin
            ? [.. reg.Models.Where(m => m.Tombstone is null).OrderBy(m => m.Manufacturer, StringComparer.Ordinal).ThenBy(m => m.Name, StringComparer.Ordinal).Take(MaxListed)]
            : [];
        return new DashboardPage(frame, facilities.FirstOrDefault()?.Name ?? token.Scope, blocks, models);
    }

    /// <summary>The tiers a configuration can be declared at, in order.</summary>
    public static readonly IReadOnlyList<int> Tiers = [.. Enumerable.Range(DescriptorValidation.MinTier, DescriptorValidation.MaxTier - DescriptorValidation.MinTier + 1)];
}
