using System.Globalization;
using PhdResolver.Nboq.Import;
using PhdResolver.Rdf;
using PhdResolver.Registry.Audit;
using PhdResolver.Registry.Knowledge;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.ReadModels;
using PhdResolver.Registry.Records;
using PhdResolver.Registry.Resolution;
using PhdResolver.Registry.Search;
using PhdResolver.Registry.Storage;
using PhdResolver.Store;

namespace PhdResolver.Registry;

/// <summary>
/// Acquisition settings records (issue 15 item 5): a Micro-Meta App settings file, or the same facts in RDF,
/// registered against one configuration version as its own immutable record with its own PHD
/// (<see cref="PidLevel.Settings"/>). One registry call writes the rows, the settings graph, the record graphs
/// of the settings and of the version (linked both ways), the audit row and the search document in one
/// transaction; the API, the CLI and the staff form all call it.
/// </summary>
public sealed partial class RegistryService
{
    /// <summary>Largest settings file accepted (characters): settings describe one acquisition, not an instrument.</summary>
    public const int MaxSettingsChars = 4 * 1024 * 1024;

    public SettingsRecord? GetSettings(PhdAccession accession) => _s.Settings.GetValueOrDefault(accession.ToString());

    /// <summary>The settings records of a version, oldest first (withdrawn ones included, with their tombstones).</summary>
    public IReadOnlyList<SettingsRecord> SettingsOf(DescriptorVersion version) => _s.SettingsOf(version);

    /// <summary>Every settings record (sitemap, dump checks); a snapshot of the moment.</summary>
    public IEnumerable<SettingsRecord> AllSettings => _s.Settings.Values;

    /// <summary>A settings record's graph (its triples, as submitted and minted). Never changes.</summary>
    public Dataset GetGraph(SettingsRecord settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var ds = new Dataset();
        using var snap = _store.OpenQuadSnapshot();
        foreach (var q in snap.Match(null, null, null, GraphFilter.Named(new Iri(settings.GraphIri)))) ds.Add(q.WithGraph(null));
        return ds;
    }

    /// <summary>
    /// The live configuration version settings may be registered against, by any spelling of its accession or path:
    /// NotFound, Invalid (not a version; <c>latest</c>, since settings were acquired on one configuration), Gone (the
    /// version or its instrument was withdrawn).
    /// </summary>
    public DescriptorVersion SettingsTarget(string version)
    {
        var r = Resolver.Resolve(Required(version, "the configuration version"));
        if (r.Status is ResolutionStatus.NotFound or ResolutionStatus.Invalid)
            throw new RegistryException(r.Status == ResolutionStatus.Invalid ? RegistryErrorKind.Invalid : RegistryErrorKind.NotFound, r.Error ?? "no record has this identifier");
        if (r.Level != PidLevel.Descriptor || r.Version is not { } v)
            throw new RegistryException(RegistryErrorKind.Invalid, "acquisition settings belong to a configuration version: name it (…/c<N> or its phd: accession)");
        if (r.Redirect == RedirectKind.Latest)
            throw new RegistryException(RegistryErrorKind.Invalid, "name the version (c<N> or its accession), not 'latest': settings were acquired on one configuration");
        if (v.Tombstone is not null) throw new RegistryException(RegistryErrorKind.Gone, $"{v.Accession} was withdrawn; register the settings against the configuration they were acquired on");
        if (_s.Instances.GetValueOrDefault(v.Instance.ToString()) is { Tombstone: not null } i) throw new RegistryException(RegistryErrorKind.Gone, $"{i.Pid} was withdrawn");
        return v;
    }

    /// <summary>
    /// Reads a settings file for <paramref name="version"/>: an RDF syntax (by media type or file name, as a descriptor;
    /// relative IRIs under <see cref="RecordInput.Submitted"/>), or a Micro-Meta App Image / 4DN microscope_setting file,
    /// whose component IDs resolve to the configuration's component IRIs (by their <c>nboq:id</c>) and whose unknown IDs
    /// are refused as dangling links (<see cref="MmaImportException"/> with the JSON path). Throws the parsers' errors
    /// (<see cref="RdfSyntaxException"/> with line and column, <see cref="MmaImportException"/>, <see cref="System.Text.Json.JsonException"/>)
    /// and <see cref="RegistryException"/>; writes nothing. <paramref name="format"/> names what was read (<c>mma</c>, <c>turtle</c>, …).
    /// </summary>
    public Dataset DecodeSettings(string version, string text, string mediaTypeOrFileName, out string format)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(mediaTypeOrFileName);
        var v = SettingsTarget(version);
        if (text.Length > MaxSettingsChars)
            throw new RegistryException(RegistryErrorKind.Invalid, $"the settings file is larger than {MaxSettingsChars / (1024 * 1024)} MB; nothing was registered");
        if (!RecordInput.TryDescriptorFormat(mediaTypeOrFileName, text, out var rdf))
            throw new RegistryException(RegistryErrorKind.Invalid, $"'{mediaTypeOrFileName}' is not a settings type: send {string.Join(", ", RecordInput.DescriptorMediaTypes)}, or name a file by its RDF syntax");
        Dataset ds;
        if (rdf is { } f)
        {
            format = f switch { RdfFormat.JsonLd => "json-ld", RdfFormat.RdfXml => "rdf-xml", RdfFormat.NTriples => "n-triples", RdfFormat.NQuads => "n-quads", _ => f.ToString().ToLowerInvariant() };
            ds = Dataset.Parse(text, f, RecordInput.Submitted);
        }
        else
        {
            format = "mma";
            var ids = ComponentIds(v);
            using var ms = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
            ds = MmaImporter.Import(ms, new ImportOptions
            {
                BaseIri = RecordInput.Submitted.BaseIri + "settings/",
                Configuration = new Iri(v.GraphIri),
                ConfigurationComponent = id => ids.GetValueOrDefault(id),
                Time = Options.Clock.GetUtcNow(),
            }).Data;
        }
        if (RecordInput.Refusal(ds, out _) is { } why) throw new RegistryException(RegistryErrorKind.Invalid, why.Replace("descriptor", "settings file", StringComparison.Ordinal));
        return ds;
    }

    /// <summary>The configuration's components by their Micro-Meta App / NBO-Q ID (<c>nboq:id</c>), case-insensitive like the importer.</summary>
    private Dictionary<string, Iri> ComponentIds(DescriptorVersion v)
    {
        var idProperty = new Iri(RecordVocab.Nboq + "id");
        var d = new Dictionary<string, Iri>(StringComparer.OrdinalIgnoreCase);
        foreach (var q in GetGraph(v))
            if (q.Predicate == idProperty && q.Subject is Iri s && q.Object is Literal l) d.TryAdd(l.Lexical.Trim(), s);
        return d;
    }

    /// <summary>
    /// Registers acquisition settings (<see cref="DecodeSettings"/>) against a live configuration version as a new record:
    /// mints its accession, rewrites the graph's IRI subjects to <c>{base}phd:ACC#slug</c> like a descriptor's
    /// (<see cref="DescriptorMinting"/>: a subject that belongs to something else, the configuration's nodes included, is
    /// refused with the list), and checks every reference into this registry: an IRI under the base must be a node of
    /// the configuration's graph (<c>{base}phd:VERSION#slug</c>) or a registered record; anything else is a dangling
    /// reference, refused with the complete list (<see cref="RegistryException.Subjects"/>). Settings are never
    /// deduplicated: the same settings used for two acquisitions are two records.
    /// </summary>
    /// <param name="name">A name for people; default: the file's own (an Image's name, a record's description).</param>
    public SettingsRecord RegisterSettings(string version, Dataset graph, string format, string actor, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentException.ThrowIfNullOrWhiteSpace(format);
        if (name is { Length: > 300 } || (name?.Any(char.IsControl) ?? false))
            throw new RegistryException(RegistryErrorKind.Invalid, "name: at most 300 characters without control characters") { Field = "name" };
        return Write(AuditActions.RegisterSettings, () =>
        {
            var v = SettingsTarget(version);
            var i = _s.Instances[v.Instance.ToString()];
            var input = new HashSet<Triple>(graph.Select(q => q.Triple));
            if (input.Count == 0) throw new RegistryException(RegistryErrorKind.Invalid, "the settings file is empty");
            string baseIri = Iris.Base;
            var configuration = GetGraph(v);
            var configNodes = new HashSet<Term>(configuration.Select(q => q.Subject));
            var ownSubjects = new HashSet<Term>(input.Select(t => t.Subject));
            var dangling = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var t in input)
            {
                if (t.Object is not Iri o || !o.Value.StartsWith(baseIri, StringComparison.Ordinal) || ownSubjects.Contains(o) || o.Value == v.GraphIri) continue;
                int hash = o.Value.IndexOf('#', StringComparison.Ordinal);
                if (hash > 0 ? o.Value[..hash] == v.GraphIri && configNodes.Contains(o) : IsRegisteredRecord(o.Value[baseIri.Length..])) continue;
                dangling.Add(hash > 0 && o.Value[..hash] == v.GraphIri
                    ? $"{o.Value} (the configuration {v.Accession} has no such node)"
                    : $"{o.Value} (not a component of configuration {v.Accession}, nor a record of this registry)");
            }
            if (dangling.Count > 0)
                throw new RegistryException(RegistryErrorKind.Invalid,
                    $"the settings refer to {dangling.Count} thing(s) that do not exist; nothing was registered: " + string.Join("; ", dangling.Take(20)) + (dangling.Count > 20 ? "; …" : ""))
                { Subjects = [.. dangling] };

            var acc = Mint();
            var graphIri = new Iri(baseIri + acc);
            bool OtherRecord(string iri) => PidParser.TryParseAny(iri, out var p, out _) && p!.Single is { } pid && _s.Pids.ContainsKey(pid.ToString());
            List<Triple> minted;
            try { minted = DescriptorMinting.Mint(input, graphIri.Value, baseIri, new HashSet<string>(), OtherRecord); }
            catch (RegistryException e) when (e.Subjects.Count > 0)
            {
                throw new RegistryException(RegistryErrorKind.Invalid, e.Message.Replace("the descriptor may only", "the settings may only", StringComparison.Ordinal)) { Subjects = e.Subjects };
            }
            var triples = new HashSet<Triple>(minted);
            var st = new SettingsRecord
            {
                Accession = acc, Version = v.Accession, GraphIri = graphIri.Value,
                Name = string.IsNullOrWhiteSpace(name) ? NameOf(triples) : name.Trim(),
                Format = format, QuadCount = triples.Count, Summary = SettingsSummary.Of(triples, configuration), Provenance = Now(actor),
            };
            SettingsRecord[] after = [.. _s.SettingsOf(v), st];
            return new Plan<SettingsRecord>(st,
                c =>
                {
                    RegistryRows.InsertAccession(c, acc, st.Provenance.Created);
                    RegistryRows.InsertPid(c, st.Pid, PidLevel.Settings, st.Pid);
                    RegistryRows.InsertSettings(c, st);
                    QueueIndex(IndexChange.Put(Documents.Of(st, i, _s.Models.GetValueOrDefault(i.Model.ToString()))));
                    Audit.AuditLog.Append(c, st.Provenance.Created, actor, AuditActions.RegisterSettings, acc.ToString(),
                        Details(("version", v.Accession.ToString()), ("instance", i.Pid.ToString()), ("name", st.Name), ("format", format),
                            ("graph", st.GraphIri), ("triples", triples.Count.ToString(CultureInfo.InvariantCulture))));
                },
                () =>
                {
                    _s.Accessions.Add(acc.Value);
                    _s.PutSettings(st);
                    _s.Pids[st.Pid.ToString()] = new PidEntry(PidLevel.Settings, acc.ToString());
                },
                [acc.ToString(), v.Accession.ToString(), i.Pid.ToString()],
                tx =>
                {
                    var sink = tx.CreateLoadSink(graphIri);
                    foreach (var t in triples) sink.OnQuad(new Quad(t.Subject, t.Predicate, t.Object));
                    PutGraph(tx, _graphs.Settings(st, v, i));
                    PutGraph(tx, _graphs.Version(v, null, null, null, i, null, after));
                });
        });
    }

    /// <summary>Parses and registers in one go (<see cref="DecodeSettings"/>, then <see cref="RegisterSettings(string, Dataset, string, string, string?)"/>).</summary>
    public SettingsRecord RegisterSettings(string version, string text, string mediaTypeOrFileName, string actor, string? name = null)
    {
        var ds = DecodeSettings(version, text, mediaTypeOrFileName, out var format);
        return RegisterSettings(version, ds, format, actor, name);
    }

    private bool IsRegisteredRecord(string pidText) =>
        PidParser.TryParseAny(pidText, out var p, out _) && p!.Single is { } pid && p.Config is null && _s.Pids.ContainsKey(pid.ToString());

    private static readonly Iri[] NameProperties =
        [new(RecordVocab.Nboq + "name"), new(RecordVocab.Schema + "name"), Vocab.Rdfs.Label, new(RecordVocab.Nboq + "description")];

    /// <summary>The settings' own name: of its Image (or any) node, by property rank, ordinally first; else a generic one.</summary>
    private static string NameOf(IReadOnlyCollection<Triple> triples)
    {
        var image = new Iri(RecordVocab.Nboq + "Image");
        var roots = new HashSet<Term>(triples.Where(t => t.Predicate == Vocab.Rdf.Type && t.Object == image).Select(t => t.Subject));
        foreach (var scope in new[] { roots, null })
            foreach (var p in NameProperties)
            {
                var names = triples.Where(t => t.Predicate == p && t.Object is Literal && (scope is null || scope.Contains(t.Subject)))
                    .Select(t => ((Literal)t.Object).Lexical.Trim()).Where(n => n.Length > 0).Order(StringComparer.Ordinal).ToList();
                if (names.Count > 0) return names[0].Length > 300 ? names[0][..300] : names[0];
            }
        return "Acquisition settings";
    }
}
