using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PhdResolver.Registry;
using PhdResolver.Registry.Harvest;
using PhdResolver.Registry.Pids;
using PhdResolver.Web.Records;

namespace PhdResolver.Web.Harvest;

/// <summary>
/// OAI-PMH 2.0 at <c>/oai</c> (GET, and POST application/x-www-form-urlencoded): Identify,
/// ListMetadataFormats, ListSets, ListIdentifiers, ListRecords, GetRecord. Records, datestamps and sets
/// are the registry's (<see cref="HarvestIndex"/>); this class speaks the protocol: arguments, the
/// envelope, errors and resumption tokens (<see cref="OaiToken"/>). Every protocol error is the
/// specification's <c>error</c> element with HTTP 200 (§3.6); nothing a client sends gives a 500.
/// </summary>
internal static class OaiPmh
{
    public const string Namespace = "http://www.openarchives.org/OAI/2.0/";
    private const string Schema = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd";
    private const string Xsi = "http://www.w3.org/2001/XMLSchema-instance";
    /// <summary>Items per ListIdentifiers / ListRecords response.</summary>
    public const int PageSize = 100;

    private static readonly HashSet<string> Verbs = new(StringComparer.Ordinal) { "Identify", "ListMetadataFormats", "ListSets", "ListIdentifiers", "ListRecords", "GetRecord" };

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/oai", (HttpContext ctx, RegistryHost host, WebOptions o) =>
            Answer(ctx, host.Registry, o, Arguments(ctx.Request.Query.Select(kv => (kv.Key, kv.Value.ToArray())))));
        app.MapPost("/oai", async (HttpContext ctx, RegistryHost host, WebOptions o) =>
        {
            if (!ctx.Request.HasFormContentType || ctx.Request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true)
                return Answer(ctx, host.Registry, o, new Args([], "POST requests must be application/x-www-form-urlencoded (OAI-PMH §3.1.1.2)", Unreadable: true));
            IFormCollection form;
            try { form = await ctx.Request.ReadFormAsync(ctx.RequestAborted); }
            catch (InvalidDataException e) { return Answer(ctx, host.Registry, o, new Args([], "the form body cannot be read: " + e.Message, Unreadable: true)); }
            catch (IOException e) { return Answer(ctx, host.Registry, o, new Args([], "the form body cannot be read: " + e.Message, Unreadable: true)); }
            // A query string on a POST counts too: an argument given both ways is repeated (badArgument).
            return Answer(ctx, host.Registry, o, Arguments(form.Select(kv => (kv.Key, kv.Value.ToArray())).Concat(ctx.Request.Query.Select(kv => (kv.Key, kv.Value.ToArray())))));
        }).DisableAntiforgery();
    }

    /// <summary>The request's arguments, or why they cannot be (a repeated argument is badArgument, §3.6).</summary>
    private sealed record Args(Dictionary<string, string> Values, string? Malformed, bool VerbRepeated = false, bool Unreadable = false);

    private static Args Arguments(IEnumerable<(string Key, string?[] Values)> pairs)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        string? malformed = null;
        bool verbRepeated = false;
        foreach (var (key, values) in pairs)
        {
            // No legal argument contains a character XML cannot carry, and echoing one would break the answer.
            if (!IsXmlText(key) || values.Any(v => v is not null && !IsXmlText(v)))
            {
                malformed ??= $"the argument '{Clean(key)}' contains characters XML cannot carry (control characters, U+FFFE/U+FFFF or lone surrogates)";
                continue;
            }
            if (values.Length != 1 || d.ContainsKey(key))
            {
                if (key == "verb") verbRepeated = true;
                else malformed ??= $"the argument '{key}' is repeated";
                continue;
            }
            d[key] = values[0] ?? "";
        }
        return new Args(d, malformed, verbRepeated);
    }

    private static IResult Answer(HttpContext ctx, RegistryService registry, WebOptions o, Args args)
    {
        var now = o.Clock.GetUtcNow();
        string baseUrl = o.Origin + "/oai";
        var ms = new MemoryStream();
        using (var w = XmlWriter.Create(ms, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            w.WriteStartDocument();
            w.WriteStartElement("OAI-PMH", Namespace);
            w.WriteAttributeString("xmlns", "xsi", null, Xsi);
            w.WriteAttributeString("xsi", "schemaLocation", Xsi, Namespace + " " + Schema);
            w.WriteElementString("responseDate", Namespace, Stamp(now));
            var r = new Request(w, registry, o, args.Values, baseUrl);
            args.Values.TryGetValue("verb", out var verb);
            if (args.Unreadable) r.Fail("badArgument", args.Malformed!);
            else if (args.VerbRepeated || verb is null || !Verbs.Contains(verb))
                r.Fail("badVerb", args.VerbRepeated ? "the verb argument is repeated" : verb is null ? "the verb argument is missing" : $"'{verb}' is not an OAI-PMH verb; use one of {string.Join(", ", Verbs)}");
            else if (args.Malformed is not null) r.Fail("badArgument", args.Malformed);
            else r.Run(verb);
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        ms.WriteByte((byte)'\n');
        ctx.Response.Headers.CacheControl = "no-cache";
        return Results.Bytes(ms.ToArray(), "text/xml; charset=utf-8");
    }

    public static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>One request: writes the request element, then the verb's answer or its errors.</summary>
    private sealed class Request(XmlWriter w, RegistryService registry, WebOptions o, Dictionary<string, string> args, string baseUrl)
    {
        private bool _requestWritten;

        /// <summary>The request element: with its arguments, except after badVerb/badArgument (§3.2, only the base URL then).</summary>
        private void WriteRequest(bool withArguments)
        {
            if (_requestWritten) return;
            _requestWritten = true;
            w.WriteStartElement("request", Namespace);
            if (withArguments)
                foreach (var (k, v) in args.OrderBy(kv => kv.Key == "verb" ? 0 : 1).ThenBy(kv => kv.Key, StringComparer.Ordinal))
                    w.WriteAttributeString(k, v);
            w.WriteString(baseUrl);
            w.WriteEndElement();
        }

        public void Fail(string code, string message) => Fail([(code, message)]);

        private void Fail(IReadOnlyList<(string Code, string Message)> errors)
        {
            WriteRequest(withArguments: !errors.Any(e => e.Code is "badVerb" or "badArgument"));
            foreach (var (code, message) in errors)
            {
                w.WriteStartElement("error", Namespace);
                w.WriteAttributeString("code", code);
                w.WriteString(Clean(message));
                w.WriteEndElement();
            }
        }

        /// <summary>badArgument unless the arguments other than verb are exactly among <paramref name="allowed"/> and include <paramref name="required"/>.</summary>
        private bool Check(string[] required, string[] allowed)
        {
            foreach (var k in args.Keys)
                if (k != "verb" && !allowed.Contains(k) && !required.Contains(k))
                {
                    Fail("badArgument", $"'{k}' is not an argument of {args["verb"]}" + (allowed.Length + required.Length == 0 ? " (it takes none)" : $" (it takes {string.Join(", ", required.Concat(allowed))})"));
                    return false;
                }
            foreach (var k in required)
                if (!args.ContainsKey(k))
                {
                    Fail("badArgument", $"{args["verb"]} needs the argument '{k}'");
                    return false;
                }
            return true;
        }

        public void Run(string verb)
        {
            switch (verb)
            {
                case "Identify": Identify(); break;
                case "ListMetadataFormats": ListMetadataFormats(); break;
                case "ListSets": ListSets(); break;
                case "GetRecord": GetRecord(); break;
                default: List(verb == "ListRecords"); break;
            }
        }

        private void Identify()
        {
            if (!Check([], [])) return;
            WriteRequest(true);
            var index = registry.HarvestIndex();
            w.WriteStartElement("Identify", Namespace);
            w.WriteElementString("repositoryName", Namespace, o.RepositoryName);
            w.WriteElementString("baseURL", Namespace, baseUrl);
            w.WriteElementString("protocolVersion", Namespace, "2.0");
            w.WriteElementString("adminEmail", Namespace, o.AdminEmail ?? "webmaster@" + o.BaseUri.Host);
            // An empty repository's earliest datestamp is "now": any harvest from then on sees every record.
            w.WriteElementString("earliestDatestamp", Namespace, Stamp(index.Earliest ?? o.Clock.GetUtcNow()));
            w.WriteElementString("deletedRecord", Namespace, "persistent");
            w.WriteElementString("granularity", Namespace, "YYYY-MM-DDThh:mm:ssZ");
            w.WriteElementString("compression", Namespace, "identity");
            w.WriteEndElement();
        }

        private void ListMetadataFormats()
        {
            if (!Check([], ["identifier"])) return;
            HarvestItem? item = null;
            if (args.TryGetValue("identifier", out var id) && (item = Find(id)) is null)
            {
                Fail("idDoesNotExist", $"no record has the identifier '{id}' (identifiers are the records' IRIs, {o.Origin}/PID)");
                return;
            }
            WriteRequest(true);
            w.WriteStartElement("ListMetadataFormats", Namespace);
            foreach (var (prefix, schema, ns) in OaiFormats.For(item))
            {
                w.WriteStartElement("metadataFormat", Namespace);
                w.WriteElementString("metadataPrefix", Namespace, prefix);
                w.WriteElementString("schema", Namespace, schema);
                w.WriteElementString("metadataNamespace", Namespace, ns);
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }

        private void ListSets()
        {
            if (!Check([], ["resumptionToken"])) return;
            if (!o.OaiSets) { Fail("noSetHierarchy", "this repository does not organise its records in sets"); return; }
            // Every set fits in one response, so no token was ever issued for ListSets.
            if (args.TryGetValue("resumptionToken", out var t)) { Fail("badResumptionToken", $"'{Short(t)}' is not a resumption token of ListSets (its sets fit in one response)"); return; }
            WriteRequest(true);
            w.WriteStartElement("ListSets", Namespace);
            Set(HarvestSets.Level, "Records by level", "The four levels of a persistent hardware descriptor: facility, instrument model, instrument (PIDINST), configuration version.");
            foreach (var level in (PidLevel[])[PidLevel.Facility, PidLevel.Model, PidLevel.Instance, PidLevel.Descriptor])
                Set(HarvestSets.OfLevel(level), HarvestSets.LevelName(level), null);
            Set(HarvestSets.Facility, "Records by facility", "Each facility with the instruments it holds or owns and their configuration versions.");
            foreach (var f in registry.Facilities.OrderBy(f => f.Pid.ToString(), StringComparer.Ordinal))
                Set(HarvestSets.OfFacility(f.Pid), f.Name, null);
            w.WriteEndElement();
        }

        private void Set(string spec, string name, string? description)
        {
            w.WriteStartElement("set", Namespace);
            w.WriteElementString("setSpec", Namespace, spec);
            w.WriteElementString("setName", Namespace, name);
            if (description is not null)
            {
                w.WriteStartElement("setDescription", Namespace);
                DublinCoreDescription(description);
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }

        private void DublinCoreDescription(string text)
        {
            w.WriteStartElement("oai_dc", "dc", DublinCoreXml.OaiDcNamespace);
            w.WriteAttributeString("xmlns", "dc", null, DublinCoreXml.DcNamespace);
            w.WriteAttributeString("xsi", "schemaLocation", Xsi, DublinCoreXml.OaiDcNamespace + " " + DublinCoreXml.OaiDcSchema);
            w.WriteElementString("dc", "description", DublinCoreXml.DcNamespace, text);
            w.WriteEndElement();
        }

        private void GetRecord()
        {
            if (!Check(["identifier", "metadataPrefix"], [])) return;
            var id = args["identifier"];
            var prefix = args["metadataPrefix"];
            var item = Find(id);
            var errors = new List<(string, string)>();
            if (item is null) errors.Add(("idDoesNotExist", $"no record has the identifier '{id}' (identifiers are the records' IRIs, {o.Origin}/PID)"));
            if (!OaiFormats.IsKnown(prefix)) errors.Add(("cannotDisseminateFormat", $"'{prefix}' is not a metadata format of this repository; use oai_dc or oai_datacite"));
            else if (item is not null && prefix == OaiFormats.DataCite && !item.HasDataCite)
                errors.Add(("cannotDisseminateFormat", $"{item.Pid} is a {(item.Level == PidLevel.Facility ? "facility" : "model")}: DataCite XML describes instruments and configuration versions; use oai_dc"));
            if (errors.Count > 0) { Fail(errors); return; }
            WriteRequest(true);
            w.WriteStartElement("GetRecord", Namespace);
            Record(item!, prefix);
            w.WriteEndElement();
        }

        private void List(bool records)
        {
            string verb = records ? "ListRecords" : "ListIdentifiers";
            OaiToken? token = null;
            string prefix;
            DateTimeOffset? from = null, until = null;
            string? set = null;
            if (args.TryGetValue("resumptionToken", out var raw))
            {
                // The token is exclusive (§3.5): nothing but the verb may come with it.
                if (!Check(["resumptionToken"], [])) return;
                token = OaiToken.TryDecode(raw);
                if (token is null) { Fail("badResumptionToken", $"'{Short(raw)}' is not a resumption token this repository issued (damaged or incomplete?); start the list again without one"); return; }
                (prefix, from, until, set) = (token.MetadataPrefix, token.From, token.Until, token.Set);
            }
            else
            {
                if (!Check(["metadataPrefix"], ["from", "until", "set"])) return;
                prefix = args["metadataPrefix"];
                bool? fromDay = null, untilDay = null;
                if (args.TryGetValue("from", out var f))
                {
                    if (!TryDatestamp(f, endOfDay: false, out var t, out bool day)) { Fail("badArgument", $"from='{Short(f)}' is not a UTC datestamp (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)"); return; }
                    (from, fromDay) = (t, day);
                }
                if (args.TryGetValue("until", out var u))
                {
                    if (!TryDatestamp(u, endOfDay: true, out var t, out bool day)) { Fail("badArgument", $"until='{Short(u)}' is not a UTC datestamp (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)"); return; }
                    (until, untilDay) = (t, day);
                }
                if (fromDay is { } a && untilDay is { } b && a != b) { Fail("badArgument", "from and until must have the same granularity (both days or both seconds)"); return; }
                if (from > until) { Fail("badArgument", "from is later than until"); return; }
                if (args.TryGetValue("set", out var s))
                {
                    if (!o.OaiSets) { Fail("noSetHierarchy", "this repository does not organise its records in sets"); return; }
                    set = s;
                }
                if (!OaiFormats.IsKnown(prefix)) { Fail("cannotDisseminateFormat", $"'{prefix}' is not a metadata format of this repository; use oai_dc or oai_datacite"); return; }
            }
            var filter = new HarvestFilter(from, until, set, DataCiteOnly: prefix == OaiFormats.DataCite);
            var page = registry.HarvestIndex().Page(filter, token?.After, PageSize);
            if (page.Items.Count == 0)
            {
                // A token's list can end exactly at a page boundary only if records left it since (withdrawn ones stay, as deleted).
                if (token is null) Fail("noRecordsMatch", "no record matches these arguments" + (set is null ? "" : $" (set '{set}': see ListSets)"));
                else { WriteRequest(true); w.WriteStartElement(verb, Namespace); EndToken(page); w.WriteEndElement(); }
                return;
            }
            WriteRequest(true);
            w.WriteStartElement(verb, Namespace);
            foreach (var item in page.Items)
            {
                if (records) Record(item, prefix);
                else Header(item);
            }
            if (page.Next is { } next)
            {
                w.WriteStartElement("resumptionToken", Namespace);
                w.WriteAttributeString("completeListSize", page.CompleteListSize.ToString(CultureInfo.InvariantCulture));
                w.WriteAttributeString("cursor", page.Cursor.ToString(CultureInfo.InvariantCulture));
                w.WriteString(new OaiToken(prefix, from, until, set, next).Encode());
                w.WriteEndElement();
            }
            else if (token is not null) EndToken(page);
            w.WriteEndElement();
        }

        /// <summary>The last response of an incomplete list carries an empty resumptionToken (§3.5).</summary>
        private void EndToken(HarvestPage page)
        {
            w.WriteStartElement("resumptionToken", Namespace);
            w.WriteAttributeString("completeListSize", page.CompleteListSize.ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("cursor", page.Cursor.ToString(CultureInfo.InvariantCulture));
            w.WriteEndElement();
        }

        private void Record(HarvestItem item, string prefix)
        {
            w.WriteStartElement("record", Namespace);
            Header(item);
            if (!item.Deleted)
            {
                w.WriteStartElement("metadata", Namespace);
                if (prefix == OaiFormats.DataCite) DataCiteXml.Write(w, item, o.Origin);
                else DublinCoreXml.Write(w, item, o.Origin);
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }

        private void Header(HarvestItem item)
        {
            w.WriteStartElement("header", Namespace);
            if (item.Deleted) w.WriteAttributeString("status", "deleted");
            w.WriteElementString("identifier", Namespace, o.Origin + "/" + item.Pid);
            w.WriteElementString("datestamp", Namespace, Stamp(item.Datestamp));
            if (o.OaiSets) foreach (var s in item.Sets) w.WriteElementString("setSpec", Namespace, s);
            w.WriteEndElement();
        }

        /// <summary>An item by its OAI identifier, the record's IRI ({origin}/PID); the bare PID is accepted too.</summary>
        private HarvestItem? Find(string identifier)
        {
            string pid = identifier.StartsWith(o.Origin + "/", StringComparison.Ordinal) ? identifier[(o.Origin.Length + 1)..] : identifier;
            return PidParser.TryParsePid(pid, out var p, out _, out _) ? registry.HarvestItemOf(p) : null;
        }
    }

    /// <summary>
    /// A UTC datestamp at day (YYYY-MM-DD) or second (YYYY-MM-DDThh:mm:ssZ) granularity, nothing else (§3.3.1).
    /// A day as <c>until</c> means its last second, so the day is included.
    /// </summary>
    internal static bool TryDatestamp(string s, bool endOfDay, out DateTimeOffset t, out bool day)
    {
        t = default;
        day = s.Length == 10;
        if (s.Length is not (10 or 20)) return false;
        if (!DateTime.TryParseExact(s, day ? "yyyy'-'MM'-'dd" : "yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d)) return false;
        t = new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc));
        if (day && endOfDay) t = t.AddDays(1).AddSeconds(-1);
        return true;
    }

    private static bool IsXmlText(string s)
    {
        for (int k = 0; k < s.Length; k++)
        {
            char c = s[k];
            if (char.IsHighSurrogate(c) && k + 1 < s.Length && char.IsLowSurrogate(s[k + 1])) { k++; continue; }
            if (!System.Xml.XmlConvert.IsXmlChar(c)) return false;
        }
        return true;
    }

    /// <summary>Text safe to write as XML: characters XML cannot carry become U+FFFD (messages only; arguments with them are refused).</summary>
    private static string Clean(string s)
    {
        if (IsXmlText(s)) return s;
        var sb = new StringBuilder(s.Length);
        for (int k = 0; k < s.Length; k++)
        {
            char c = s[k];
            if (char.IsHighSurrogate(c) && k + 1 < s.Length && char.IsLowSurrogate(s[k + 1])) { sb.Append(c).Append(s[++k]); continue; }
            sb.Append(System.Xml.XmlConvert.IsXmlChar(c) ? c : '\uFFFD');
        }
        return sb.ToString();
    }

    /// <summary>A value echoed in an error message, cut so a huge argument does not make a huge answer.</summary>
    private static string Short(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
