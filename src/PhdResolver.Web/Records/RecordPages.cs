using System.Globalization;
using System.Text;
using PhdResolver.Rdf;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;
using PhdResolver.Registry.Validation;
using PhdResolver.Registry.Resolution;
using PhdResolver.Web.Infrastructure;
using PhdResolver.Web.Ontology;

namespace PhdResolver.Web.Records;

/// <summary>Server-rendered landing pages for the four levels, and tombstones.</summary>
internal static class RecordPages
{
    /// <param name="methods">The descriptor's methods paragraph when the caller has it memoised (else it is written here).</param>
    /// <param name="jsonLd">The record's JSON-LD, already escaped with <see cref="JsonLdScript.Escape"/>.</param>
    public static string Render(RecordView v, OntologyCatalog cat, IReadOnlyList<RecordLink> links, string jsonLd, string? methods = null, DescriptorMemo? memo = null)
    {
        return Html.Page(v.Title, sb =>
        {
            Breadcrumb(sb, v);
            sb.Append("<h1>").Append(Html.E(v.Title)).Append("</h1>\n");
            sb.Append("<p class=\"pid\"><span class=\"badge\">").Append(Html.E(LevelName(v.Level))).Append("</span> <code>").Append(Html.E(v.Pid.ToString())).Append("</code>");
            if (v.Pid.ResolverUrl is { } ext) sb.Append(" · <a href=\"").Append(Html.E(ext)).Append("\">").Append(Html.E(ext)).Append("</a>");
            sb.Append("</p>\n");
            if (v.Tombstone is { } t)
                sb.Append("<div class=\"tombstone\"><strong>Withdrawn</strong> on ").Append(Html.E(t.WithdrawnAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))
                  .Append(": ").Append(Html.E(t.Reason)).Append(". The identifier stays citable; the metadata below is kept for that purpose.</div>\n");
            sb.Append("<p class=\"citeas\"><strong>Cite as:</strong> ").Append(Html.E(Citation.Line(v))).Append("</p>\n");
            switch (v.Level)
            {
                case PidLevel.Facility: Facility(sb, v); break;
                case PidLevel.Model: Model(sb, v); break;
                case PidLevel.Instance: Instance(sb, v); break;
                default: Descriptor(sb, v, cat, methods, memo); break;
            }
            Representations(sb, v);
        }, head =>
        {
            head.Append("<link rel=\"canonical\" href=\"").Append(Html.E(v.Canonical)).Append("\">\n");
            foreach (var l in links.Where(l => l.Rel is "describedby" or "cite-as" or "license" or "collection" or "predecessor-version" or "successor-version" or "latest-version" or "version-history"))
            {
                head.Append("<link rel=\"").Append(Html.E(l.Rel)).Append("\" href=\"").Append(Html.E(l.Href)).Append('"');
                if (l.Type is not null) head.Append(" type=\"").Append(Html.E(l.Type)).Append('"');
                head.Append(">\n");
            }
            JsonLdScript.AppendEscaped(head, jsonLd);
        }, v.Summary);
    }

    public static string LevelName(PidLevel l) => l switch
    {
        PidLevel.Facility => "facility", PidLevel.Model => "instrument model", PidLevel.Instance => "instrument", PidLevel.Settings => "acquisition settings", _ => "configuration",
    };

    private static void Breadcrumb(StringBuilder sb, RecordView v)
    {
        var crumbs = new List<(string Label, string? Href)>();
        if (v.Facility is { } f) crumbs.Add((f.Name, "/" + f.Pid));
        if (v.Model is { } m && (v.Facility is not null || v.Level == PidLevel.Model))
            // The model at this facility (DESIGN §2: every prefix of the concatenated path resolves).
            crumbs.Add((m.Name, v.Facility is { } fm ? Paths.Of(fm, m) : "/" + m.Pid));
        if (v.Instance is { } i) crumbs.Add((i.Name, Paths.Of(i)));
        if (v.Version is { } d) crumbs.Add(("c" + d.Number.ToString(CultureInfo.InvariantCulture), null));
        sb.Append("<nav class=\"breadcrumb\" aria-label=\"breadcrumb\">");
        for (int k = 0; k < crumbs.Count; k++)
        {
            if (k > 0) sb.Append(" › ");
            var (label, href) = crumbs[k];
            if (href is null || k == crumbs.Count - 1) sb.Append("<span>").Append(Html.E(label)).Append("</span>");
            else sb.Append("<a href=\"").Append(Html.E(href)).Append("\">").Append(Html.E(label)).Append("</a>");
        }
        sb.Append("</nav>\n");
    }

    private static void Fact(StringBuilder sb, string name, string? text)
    {
        if (string.IsNullOrEmpty(text)) return;
        sb.Append("<dt>").Append(Html.E(name)).Append("</dt><dd>").Append(Html.E(text)).Append("</dd>\n");
    }

    private static void FactHtml(StringBuilder sb, string name, string html) =>
        sb.Append("<dt>").Append(Html.E(name)).Append("</dt><dd>").Append(html).Append("</dd>\n");

    private static string A(string href, string text) => "<a href=\"" + Html.E(href) + "\">" + Html.E(text) + "</a>";

    private static void Facility(StringBuilder sb, RecordView v)
    {
        var f = v.Facility!;
        sb.Append("<dl class=\"facts\">\n");
        Fact(sb, "City", f.City);
        Fact(sb, "Country", f.Country);
        if (f.Homepage is { } hp && (hp.StartsWith("https://", StringComparison.Ordinal) || hp.StartsWith("http://", StringComparison.Ordinal)))
            FactHtml(sb, "Homepage", A(hp, hp));
        Fact(sb, "Contact", f.Contact);
        People(sb, f.People);
        Identifiers(sb, [.. new[] { f.Rrid, f.Ror }.Where(p => p is { } x && x != f.Pid).Select(p => new ExternalId(p!.Value.Scheme == PidScheme.Rrid ? ExternalId.Rrid : ExternalId.Ror, p.Value.ToString())), .. f.Identifiers]);
        Fact(sb, "Registered", f.Provenance.Created.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Revision(sb, f.Revision, f.Modified);
        sb.Append("</dl>\n<h2>Instruments</h2>\n<ul class=\"items\">\n");
        foreach (var i in v.Instances)
        {
            var model = v.Models.FirstOrDefault(m => m.Pid == i.Model);
            sb.Append("<li>").Append(A(Paths.Of(i), i.Name)).Append(" <span class=\"muted\">").Append(Html.E(model?.Name ?? i.Model.ToString()))
              .Append(" · ").Append(Html.E(i.Pid.ToString())).Append("</span></li>\n");
        }
        sb.Append("</ul>\n");
    }

    private static void Model(StringBuilder sb, RecordView v)
    {
        var m = v.Model!;
        sb.Append("<dl class=\"facts\">\n");
        Fact(sb, "Manufacturer", m.Manufacturer);
        Fact(sb, "Modality", m.Modality);
        Identifiers(sb, m.Identifiers);
        Revision(sb, m.Revision, m.Modified);
        sb.Append("</dl>\n<h2>Instruments of this model").Append(v.Facility is null ? "" : " at this facility").Append("</h2>\n<ul class=\"items\">\n");
        foreach (var i in v.Instances) sb.Append("<li>").Append(A(Paths.Of(i), i.Name)).Append("</li>\n");
        sb.Append("</ul>\n");
    }

    private static void Instance(StringBuilder sb, RecordView v)
    {
        var i = v.Instance!;
        sb.Append("<dl class=\"facts\">\n");
        FactHtml(sb, "Facility", v.Facility is null ? Html.E(i.Facility.ToString()) : A("/" + v.Facility.Pid, v.Facility.Name));
        FactHtml(sb, "Model", v.Model is null ? Html.E(i.Model.ToString()) : A("/" + v.Model.Pid, v.Model.Name));
        Fact(sb, "Manufacturer", i.Manufacturer);
        Fact(sb, "Description", i.Description);
        Fact(sb, "Commissioned", i.Commissioned?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (i.Moves.Count > 0)
            Fact(sb, "Moves", string.Join("; ", i.Moves.Select(mv => $"{mv.From} → {mv.To} on {mv.At.UtcDateTime:yyyy-MM-dd}")));
        if (v.Level == PidLevel.Instance)
        {
            People(sb, i.People);
            Identifiers(sb, i.Identifiers);
            Revision(sb, i.Revision, i.Modified);
        }
        sb.Append("</dl>\n");
        VersionHistory(sb, v, null);
        if (v.Level == PidLevel.Instance)
            sb.Append("<p class=\"formats\">DataCite XML (PIDINST): <a href=\"").Append(Html.E(v.Path)).Append("?format=datacite\">download</a></p>\n");
    }

    /// <summary>External identifiers, each linked to its own resolver when it has one (serial and inventory numbers have none).</summary>
    private static void Identifiers(StringBuilder sb, IReadOnlyList<ExternalId> ids)
    {
        if (ids.Count == 0) return;
        var html = new StringBuilder("<ul class=\"identifiers\">");
        foreach (var id in ids)
        {
            string label = id.Scheme switch { ExternalId.Serial => "Serial number", ExternalId.Inventory => "Inventory number", _ => id.Scheme };
            html.Append("<li>").Append(Html.E(label)).Append(": ").Append(id.Url is { } url ? A(url, id.Value) : "<code>" + Html.E(id.Value) + "</code>").Append("</li>");
        }
        FactHtml(sb, "Identifiers", html.Append("</ul>").ToString());
    }

    /// <summary>People with their role and ORCID iD (linked); an email address only when its owner made it public.</summary>
    private static void People(StringBuilder sb, IReadOnlyList<Person> people)
    {
        if (people.Count == 0) return;
        var html = new StringBuilder("<ul class=\"people\">");
        foreach (var p in people)
        {
            html.Append("<li>").Append(Html.E(p.Name)).Append(" <span class=\"muted\">(").Append(Html.E(p.Role)).Append(")</span>");
            if (p.OrcidUrl is { } orcid) html.Append(" · ORCID ").Append(A(orcid, p.Orcid!));
            if (p.PublicEmail is { } email) html.Append(" · ").Append(A("mailto:" + email, email));
            html.Append("</li>");
        }
        FactHtml(sb, "People", html.Append("</ul>").ToString());
    }

    /// <summary>"Used in": the datasets acquired on this configuration and the publications describing it, as their submitters named them.</summary>
    private static void UsedIn(StringBuilder sb, IReadOnlyList<RelatedWork> works)
    {
        if (works.Count == 0) return;
        sb.Append("<h2 id=\"used-in\">Used in</h2>\n<ul class=\"related\">\n");
        foreach (var w in works)
        {
            sb.Append("<li>").Append(A(w.Iri, w.Title));
            if (w.Year is int y) sb.Append(" (").Append(y.ToString(CultureInfo.InvariantCulture)).Append(')');
            sb.Append(" <span class=\"muted\">").Append(Html.E(w.Relation == RelatedWork.UsedBy ? $"{w.Kind} acquired on this configuration" : $"{w.Kind} describing this configuration"))
              .Append(" · ").Append(Html.E(w.Identifier)).Append("</span></li>\n");
        }
        sb.Append("</ul>\n");
    }

    private static void Revision(StringBuilder sb, int revision, DateTimeOffset? modified)
    {
        if (revision <= 1 || modified is not { } m) return;
        Fact(sb, "Metadata revision", $"{revision} (last edited {m.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})");
    }

    private static void VersionHistory(StringBuilder sb, RecordView v, DescriptorVersion? current)
    {
        sb.Append("<h2 id=\"versions\">Configuration versions</h2>\n");
        if (v.Versions.Count == 0) { sb.Append("<p class=\"muted\">No configuration has been described yet.</p>\n"); return; }
        sb.Append("<table class=\"versions\"><thead><tr><th>version</th><th>PHD</th><th>registered</th><th>tier</th><th><span class=\"visually-hidden\">status</span></th></tr></thead><tbody>\n");
        foreach (var ver in v.Versions.OrderByDescending(x => x.Number))
        {
            string label = "c" + ver.Number.ToString(CultureInfo.InvariantCulture);
            sb.Append("<tr><td>").Append(ver == current ? "<strong>" + label + "</strong>" : A(v.VersionPath(ver)!, label)).Append("</td><td><code>")
              .Append(Html.E(ver.Pid.ToString())).Append("</code></td><td>").Append(Html.E(ver.Provenance.Created.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)))
              .Append("</td><td>").Append(ver.Tier).Append("</td><td>").Append(ver.Tombstone is null ? "" : "<span class=\"badge bad\">withdrawn</span>").Append("</td></tr>\n");
        }
        sb.Append("</tbody></table>\n");
    }

    private static void Descriptor(StringBuilder sb, RecordView v, OntologyCatalog cat, string? methods, DescriptorMemo? memo)
    {
        var d = v.Version!;
        if (v.Graph is { Count: > 0 } graph && v.Tombstone is null)
        {
            sb.Append("<h2>Methods</h2>\n<p class=\"methods\">").Append(Html.E(methods ?? MethodsParagraph.Write(d, v.Instance, v.Facility, v.Iri, v.Components, cat))).Append("</p>\n");
            // Compliance and components depend on the immutable version only: rendered once per version.
            // A reader's extension choice is rendered afresh (the page is not output-cached with a query).
            sb.Append(memo is null || v.SelectedCompliance is not null ? Sections(v, graph, cat) : memo.Text("sections\n" + d.Accession, () => Sections(v, graph, cat)));
        }
        UsedIn(sb, v.Record.Related);
        SettingsPages.Section(sb, v);
        if (v.Diff is { } diff)
        {
            sb.Append("<h2>Changes since c").Append(diff.From.Number).Append("</h2>\n");
            if (diff.IsEmpty) sb.Append("<p>No changes.</p>\n");
            else
            {
                sb.Append("<ul class=\"diff\">\n");
                foreach (var c in v.Changes)
                {
                    sb.Append("<li><strong>").Append(Html.E(c.Kind)).Append("</strong> ").Append(Html.E(c.What));
                    if (c.Details.Count > 0) sb.Append(": ").Append(Html.E(string.Join("; ", c.Details)));
                    sb.Append("</li>\n");
                }
                sb.Append("</ul>\n");
            }
        }
        VersionHistory(sb, v, d);
    }

    private static string Sections(RecordView v, Dataset graph, OntologyCatalog cat)
    {
        var d = v.Version!;
        var sb = new StringBuilder(4096);
        // One SHACL run at the highest tier; each finding once, in the row of the lowest tier that requires it.
        var report = v.SelectedCompliance ?? v.Compliance!; // the registry's read model: a descriptor view always has it
        sb.Append("<h2 id=\"compliance\">Tier compliance</h2>\n");
        ExtensionChooser(sb, v);
        sb.Append("<p>Declared at tier ").Append(d.Tier).Append("; ")
          .Append(report.ConformsAt > 0 ? $"<span class=\"badge ok\">conforms at tier {report.ConformsAt} (MUST)</span>" : "<span class=\"badge warn\">does not meet tier 1 (MUST)</span>")
          .Append("; SHOULD fields met: ").Append(report.ShouldMet).Append(" of ").Append(report.ShouldTotal)
          .Append("</p>\n");
        TierTable(sb, report);
        if (report.ConformsAt < report.Tier)
        {
            int next = report.ConformsAt + 1;
            sb.Append("<details><summary>What tier ").Append(next).Append(" still needs (SHACL)</summary><ul class=\"shacl\">\n");
            foreach (var r in report.Violations.Where(i => i.Tier == next).Take(50))
                sb.Append("<li><code>").Append(Html.E(Short(r.FocusNode))).Append("</code> ").Append(Html.E(r.Path ?? ""))
                  .Append(": ").Append(Html.E(r.Message)).Append("</li>\n");
            sb.Append("</ul></details>\n");
        }
        sb.Append("<h2>Components</h2>\n");
        ComponentTables(sb, v.Components, cat, d.GraphIri);
        return sb.ToString();
    }

    /// <summary>The per-tier compliance table: MUST met or violations, SHOULD not met, NBO extension sets met (landing pages, staff preview).</summary>
    internal static void TierTable(StringBuilder sb, DescriptorReport report)
    {
        sb.Append("<table class=\"compliance\"><thead><tr><th>tier</th><th>MUST</th><th>SHOULD not met</th><th>NBO extensions met (MUST)</th></tr></thead><tbody>\n");
        for (int t = DescriptorValidation.MinTier; t <= report.Tier; t++)
        {
            int must = report.ViolationsAt(t);
            sb.Append("<tr><td>").Append(t).Append("</td><td>").Append(must == 0 ? "<span class=\"badge ok\">met</span>" : $"<span class=\"badge bad\">{must} violations</span>")
              .Append("</td><td>").Append(report.WarningsAt(t)).Append("</td><td class=\"extensions\">").Append(Html.E(ExtensionSets.Describe(report.ExtensionSetsMetAt(t)))).Append("</td></tr>\n");
        }
        sb.Append("</tbody></table>\n");
    }

    /// <summary>The components by category, each with its specification in words; rows of components minted under
    /// <paramref name="graphIri"/> carry their fragment as id (null: a graph not yet registered, no anchors).</summary>
    internal static void ComponentTables(StringBuilder sb, IReadOnlyList<Component> components, OntologyCatalog cat, string? graphIri)
    {
        foreach (var group in components.GroupBy(c => c.Category))
        {
            sb.Append("<h3>").Append(Html.E(group.Key)).Append("</h3>\n<table class=\"components\"><thead><tr><th>component</th><th>type</th><th>manufacturer</th><th>model</th><th>specification</th></tr></thead><tbody>\n");
            foreach (var c in group)
            {
                string typeLink = cat.LocalNameOf(c.Type) is { } local ? "<a href=\"/ontology/" + Html.E(Uri.EscapeDataString(local)) + "\">" + Html.E(c.TypeLabel) + "</a>" : Html.E(c.TypeLabel);
                // The component's minted IRI is {PHD}#slug: the row carries the anchor it resolves to.
                string anchor = graphIri is not null && c.Node is Iri ni && ni.Value.StartsWith(graphIri + "#", StringComparison.Ordinal) ? " id=\"" + Html.E(ni.Value[(graphIri.Length + 1)..]) + "\"" : "";
                sb.Append("<tr").Append(anchor).Append("><td>").Append(Html.E(c.Name ?? Short(c.Node))).Append("</td><td>").Append(typeLink).Append("</td><td>")
                  .Append(Html.E(c.Manufacturer)).Append("</td><td>").Append(Html.E(c.Model)).Append("</td><td class=\"spec\">");
                for (int k = 0; k < c.Specs.Count; k++)
                    sb.Append(k == 0 ? "" : "<br>").Append("<span class=\"muted\">").Append(Html.E(c.Specs[k].Label)).Append(":</span> ").Append(Html.E(c.Specs[k].Value));
                sb.Append("</td></tr>\n");
            }
            sb.Append("</tbody></table>\n");
        }
    }

    private static readonly (string Key, string Name, string Label)[] Extensions =
    [
        ("core", "Core", "Core"), ("basic", "Basic", "Basic"),
        ("advanced-confocal", "AdvancedConfocal", "Advanced & Confocal"), ("calibration", "Calibration", "Calibration & Performance"),
    ];

    /// <summary>A plain GET form (no script): tick the NBO extensions to check; the page answers for that set.</summary>
    private static void ExtensionChooser(StringBuilder sb, RecordView v)
    {
        sb.Append("<form class=\"extensions\" method=\"get\" action=\"").Append(Html.E(v.Path)).Append("#compliance\"><fieldset><legend>NBO extensions checked</legend>\n");
        foreach (var (key, name, label) in Extensions)
            sb.Append("<label><input type=\"checkbox\" name=\"extensions\" value=\"").Append(key).Append('"')
              .Append(v.SelectedExtensions is null || v.SelectedExtensions.Contains(name) ? " checked" : "").Append("> ").Append(Html.E(label)).Append("</label>\n");
        sb.Append("<button type=\"submit\">Check</button></fieldset></form>\n");
        if (v.SelectedExtensions is { } chosen)
            sb.Append("<p class=\"muted\">Checked with the shapes of: ").Append(Html.E(string.Join(", ", Extensions.Where(e => chosen.Contains(e.Name)).Select(e => e.Label))))
              .Append(" (<a href=\"").Append(Html.E(v.Path)).Append("#compliance\">all extensions</a>).</p>\n");
    }

    private static string Short(Term t) => t switch { Iri i => i.Value, BlankNode b => "_:" + b.Id, _ => t.ToString() };

    private static void Representations(StringBuilder sb, RecordView v)
    {
        sb.Append("<h2>Representations</h2>\n<ul class=\"formats\">\n");
        foreach (var mt in Conneg.RecordTypes.Skip(1).Concat([Conneg.BibTex, Conneg.Ris, Conneg.CslJson, Conneg.Linkset, Conneg.LinksetJson])
                     .Concat(Registry.Harvest.DataCiteXml.Describes(v.Level) ? [Conneg.DataCite] : Array.Empty<string>()))
            sb.Append("<li><a rel=\"alternate\" type=\"").Append(Html.E(mt)).Append("\" href=\"").Append(Html.E(v.Path)).Append("?format=").Append(Conneg.ShortNameOf(mt)).Append("\">")
              .Append(Html.E(OntologyPages.FormatLabel(mt))).Append("</a> <span class=\"muted\">").Append(Html.E(mt)).Append("</span></li>\n");
        sb.Append("</ul>\n");
        // Every change to the record (registration, edits, withdrawal, moves, versions), from the audit log.
        sb.Append("<p class=\"history-link\"><a href=\"/history/").Append(Html.E(v.Pid.ToString())).Append("\">History</a> of this record · <a rel=\"nofollow\" href=\"/staff/manage?pid=")
          .Append(Html.Q(v.Pid.ToString())).Append("\">Manage</a> (facility staff)</p>\n");
    }
}
