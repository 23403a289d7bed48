using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;
using PhdResolver.Registry.Storage;

namespace PhdResolver.Registry.Resolution;

/// <summary>
/// Resolves a concatenated path or any PID form to a record, a redirect, a tombstone or nothing.
/// Only dictionary lookups on the in-memory registry: the cost does not grow with the number of
/// records. Lock-free for readers.
/// </summary>
public sealed class Resolver
{
    private readonly RegistryState _s;

    internal Resolver(RegistryState state) => _s = state;

    /// <summary>
    /// Resolves a request path (<c>/RRID:SCR_017406/RRID:SCR_023456/doi:10.5281/zenodo.123/c3</c>,
    /// any prefix of it, or a lone <c>/{pid}</c>) or anything <see cref="PidParser.ParseAny"/> reads
    /// (compact PIDs, resolver URLs). Input that is not a leading-slash path always redirects
    /// to the canonical path when it resolves.
    /// </summary>
    public ResolutionResult Resolve(string pathOrPid)
    {
        if (!PidParser.TryParseAny(pathOrPid, out var p, out var error)) return ResolutionResult.Invalid(error!);
        return Resolve(p!, pathOrPid);
    }

    /// <summary>Resolves a parsed path; <paramref name="requested"/> is what the client asked for (for the canonical check).</summary>
    public ResolutionResult Resolve(PhdPath p, string requested)
    {
        var r = p.IsSingle ? ResolveSingle(p) : ResolveConcatenated(p);
        // A resolved record whose canonical path differs from the request: 301 there (moves and
        // latest already said so). Redirects come before 410, so every spelling of a withdrawn
        // record converges on one canonical tombstone URL.
        if (r.Status is ResolutionStatus.Found or ResolutionStatus.Gone && !string.Equals(r.Location, requested, StringComparison.Ordinal))
            return r with { Status = ResolutionStatus.Redirect, Redirect = RedirectKind.Canonical };
        return r;
    }

    private ResolutionResult ResolveSingle(PhdPath p)
    {
        var pid = p.Single!.Value;
        if (!_s.Pids.TryGetValue(pid.ToString(), out var e)) return ResolutionResult.NotFound($"{pid} is not registered here");
        // "/phd:X/phd:Y" is syntactically both instance + config accession and facility + model
        // (facilities and models without RRIDs get minted phd: accessions). Only the registry
        // knows which: when X is a facility, the second segment names a model.
        if (p.Config is { Kind: ConfigKind.Accession } acc && e.Level == PidLevel.Facility)
            return ResolveConcatenated(PhdPath.Of(pid, Pid.FromAccession(acc.Accession)));
        if (p.Config is not null && e.Level != PidLevel.Instance) return ResolutionResult.NotFound($"{pid} is not an instrument instance, so it has no configurations");
        switch (e.Level)
        {
            case PidLevel.Facility:
                var f = _s.Facilities[e.Record];
                return Done(PidLevel.Facility, Paths.Of(f), f.Tombstone, new() { Status = ResolutionStatus.Found, Facility = f });
            case PidLevel.Model:
                var m = _s.Models[e.Record];
                return Done(PidLevel.Model, Paths.Of(m), m.Tombstone, new() { Status = ResolutionStatus.Found, Model = m });
            case PidLevel.Instance:
                var i = _s.Instances[e.Record];
                return p.Config is { } c ? ResolveConfig(i, c) : InstanceResult(i);
            case PidLevel.Settings:
                return SettingsResult(_s.Settings[e.Record]);
            default:
                var v = _s.Versions[e.Record];
                return VersionResult(_s.Instances[v.Instance.ToString()], v);
        }
    }

    private ResolutionResult ResolveConcatenated(PhdPath p)
    {
        if (!TryGet(p.Facility!.Value, PidLevel.Facility, out var fe)) return ResolutionResult.NotFound($"{p.Facility} is not a registered facility");
        var f = _s.Facilities[fe.Record];
        if (p.Model is not { } modelPid)
            return Done(PidLevel.Facility, Paths.Of(f), f.Tombstone, new() { Status = ResolutionStatus.Found, Facility = f });
        if (!TryGet(modelPid, PidLevel.Model, out var me)) return ResolutionResult.NotFound($"{modelPid} is not a registered instrument model");
        var m = _s.Models[me.Record];
        if (p.Instance is not { } instancePid)
            return Done(PidLevel.Model, Paths.Of(f, m), m.Tombstone, new() { Status = ResolutionStatus.Found, Facility = f, Model = m });
        if (!TryGet(instancePid, PidLevel.Instance, out var ie)) return ResolutionResult.NotFound($"{instancePid} is not a registered instrument instance");
        var i = _s.Instances[ie.Record];
        if (i.Model != m.Pid) return ResolutionResult.NotFound($"{i.Pid} is not an instance of {m.Pid}");
        if (i.Facility != f.Pid)
        {
            if (!i.WasAt(f.Pid)) return ResolutionResult.NotFound($"{i.Pid} is not at {f.Pid}");
            // Moved: the old path answers 301 with the same tail under the new facility.
            var target = p.Config is { } cfg ? ResolveConfig(i, cfg) : InstanceResult(i);
            if (target.Status is ResolutionStatus.NotFound or ResolutionStatus.Invalid) return target;
            string location = target.Status == ResolutionStatus.Redirect && target.Redirect == RedirectKind.Latest
                ? Paths.Of(i, ConfigRef.Latest) // keep 'latest' symbolic: the new path will 302 itself
                : target.Location ?? Paths.Of(i);
            return target with { Status = ResolutionStatus.Redirect, Redirect = RedirectKind.Moved, Location = location };
        }
        return p.Config is { } c ? ResolveConfig(i, c) : InstanceResult(i);
    }

    private bool TryGet(Pid pid, PidLevel level, out PidEntry e) =>
        _s.Pids.TryGetValue(pid.ToString(), out e) && e.Level == level;

    private ResolutionResult InstanceResult(InstanceRecord i) =>
        Done(PidLevel.Instance, Paths.Of(i), i.Tombstone, Context(i) with { Status = ResolutionStatus.Found });

    private ResolutionResult ResolveConfig(InstanceRecord i, ConfigRef c)
    {
        var versions = _s.VersionsOf(i.Pid);
        switch (c.Kind)
        {
            case ConfigKind.Version:
                if (c.Number > versions.Length) return ResolutionResult.NotFound($"{i.Pid} has {versions.Length} configuration version(s), not c{c.Number}");
                return VersionResult(i, versions[c.Number - 1]);
            case ConfigKind.Accession:
                // A settings accession under its instrument's path: 301 to the settings' own page.
                if (_s.Settings.TryGetValue(c.Accession.ToString(), out var st) && _s.Versions.TryGetValue(st.Version.ToString(), out var sv) && sv.Instance == i.Pid)
                    return SettingsResult(st); // Resolve() answers 301: its canonical path differs
                if (!_s.Versions.TryGetValue(c.Accession.ToString(), out var v) || v.Instance != i.Pid)
                    return ResolutionResult.NotFound($"{c.Accession} is not a configuration of {i.Pid}");
                return VersionResult(i, v);
            default:
                for (int n = versions.Length - 1; n >= 0; n--)
                {
                    if (versions[n].Tombstone is not null) continue;
                    return Context(i) with
                    {
                        Status = ResolutionStatus.Redirect, Redirect = RedirectKind.Latest, Level = PidLevel.Descriptor,
                        Location = Paths.Of(i, versions[n].Number), Version = versions[n],
                    };
                }
                if (versions.Length == 0) return ResolutionResult.NotFound($"{i.Pid} has no configuration yet");
                var newest = versions[^1]; // all withdrawn: the newest tombstone answers
                return VersionResult(i, newest);
        }
    }

    /// <summary>
    /// A settings record: its canonical path is its lone accession (<see cref="PidLevel.Settings"/>); the records of its
    /// configuration come along for the page. Gone when it, not its configuration, was withdrawn: settings stay true of
    /// the acquisition they describe even when the configuration is withdrawn.
    /// </summary>
    private ResolutionResult SettingsResult(SettingsRecord st)
    {
        var v = _s.Versions[st.Version.ToString()];
        return Done(PidLevel.Settings, "/" + st.Pid, st.Tombstone,
            Context(_s.Instances[v.Instance.ToString()]) with { Status = ResolutionStatus.Found, Version = v, Settings = st });
    }

    private ResolutionResult VersionResult(InstanceRecord i, DescriptorVersion v) =>
        Done(PidLevel.Descriptor, Paths.Of(i, v.Number), v.Tombstone ?? i.Tombstone,
            Context(i) with { Status = ResolutionStatus.Found, Version = v });

    private ResolutionResult Context(InstanceRecord i) => new()
    {
        Status = ResolutionStatus.Found,
        Facility = _s.Facilities.GetValueOrDefault(i.Facility.ToString()),
        Model = _s.Models.GetValueOrDefault(i.Model.ToString()),
        Instance = i,
    };

    private static ResolutionResult Done(PidLevel level, string path, Tombstone? tomb, ResolutionResult r) =>
        r with
        {
            Level = level,
            Location = path,
            Status = tomb is null ? ResolutionStatus.Found : ResolutionStatus.Gone,
            Tombstone = tomb,
        };
}
