using System.Globalization;
using System.IO.Compression;
using System.Text;
using PhdResolver.Rdf;
using PhdResolver.Registry.Knowledge;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Resolution;

namespace PhdResolver.Registry;

/// <summary>What a full dump file holds, for the catalogue's distribution.</summary>
public sealed record DumpInfo(string Path, long Quads, long Bytes, DateTimeOffset Made);

public sealed partial class RegistryService
{
    /// <summary>
    /// Writes every quad of the store (record graphs, descriptor graphs, the ontology) as gzip
    /// N-Quads to <paramref name="path"/>, from one store snapshot, so the file is one consistent
    /// state. Written to a temporary file beside it and renamed over it: a reader (or a crash) sees
    /// the old file or the new one, never half of one. Runs off the request path (the caller's thread).
    /// </summary>
    public DumpInfo WriteDump(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string tmp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var sink = new CountingNQuads();
        try
        {
            using (var snap = _store.OpenQuadSnapshot())
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                using (var gz = new GZipStream(fs, CompressionLevel.Fastest, leaveOpen: true))
                using (var w = new StreamWriter(gz, new UTF8Encoding(false), 1 << 16))
                {
                    sink.Output = w;
                    snap.Dump(sink);
                }
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, path, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
        var info = new FileInfo(path);
        return new DumpInfo(path, sink.Count, info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero));
    }

    private sealed class CountingNQuads : IRdfSink
    {
        private readonly StringBuilder _line = new(256);
        public TextWriter Output { get; set; } = TextWriter.Null;
        public long Count { get; private set; }

        public void OnQuad(in Quad quad)
        {
            _line.Clear();
            NTriplesFormatter.AppendQuad(_line, quad);
            _line.Append('\n');
            Output.Write(_line);
            Count++;
        }
    }

    /// <summary>
    /// The registry as a DCAT-3 catalogue (<c>{base}catalog</c>): one dcat:Dataset per live facility
    /// (its instruments' records, published by the facility, modified when its page last changed),
    /// one dataset for the whole registry with the N-Quads dump as its distribution (when
    /// <paramref name="dump"/> is known), and the SPARQL endpoint as a data service.
    /// </summary>
    public List<Triple> CatalogGraph(DumpInfo? dump, string dumpUrl, string sparqlUrl)
    {
        const string Dcat = "http://www.w3.org/ns/dcat#", Dct = RecordVocab.Dct, Media = "https://www.iana.org/assignments/media-types/";
        var t = new List<Triple>(256);
        var cat = Iris.Catalog;
        Iri P(string ns, string local) => new(ns + local);
        void Add(Term s, Iri p, Term o) => t.Add(new Triple(s, p, o));
        Literal When(DateTimeOffset d) => new(d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), Vocab.Xsd.DateTime);
        var pages = Pages();
        var facilityDates = pages.Where(p => p.Level == PidLevel.Facility).ToDictionary(p => p.Path, p => p.LastModified, StringComparer.Ordinal);
        var latest = pages.Count == 0 ? DateTimeOffset.UnixEpoch : pages.Max(p => p.LastModified);

        Add(cat, RecordVocab.RdfType, P(Dcat, "Catalog"));
        Add(cat, RecordVocab.RdfType, RecordVocab.SchemaDataCatalog);
        Add(cat, P(Dct, "title"), new Literal(RecordIris.CatalogName, "en"));
        Add(cat, RecordVocab.SchemaName, new Literal(RecordIris.CatalogName));
        Add(cat, P(Dct, "description"), new Literal("Persistent identifiers and NBO-Q descriptions of light microscopes: facilities, instrument models, instruments and their configuration versions.", "en"));
        Add(cat, P(Dct, "license"), new Iri(RecordVocab.License));
        Add(cat, P(Dct, "modified"), When(latest));
        Add(cat, P(Dcat, "landingPage"), cat);

        var service = new Iri(cat.Value + "#sparql");
        Add(cat, P(Dcat, "service"), service);
        Add(service, RecordVocab.RdfType, P(Dcat, "DataService"));
        Add(service, P(Dct, "title"), new Literal("SPARQL 1.1 endpoint", "en"));
        Add(service, P(Dcat, "endpointURL"), new Iri(sparqlUrl));
        Add(service, P(Dct, "conformsTo"), new Iri("https://www.w3.org/TR/sparql11-protocol/"));

        var all = new Iri(cat.Value + "#registry");
        Add(cat, P(Dcat, "dataset"), all);
        Add(all, RecordVocab.RdfType, P(Dcat, "Dataset"));
        Add(all, P(Dct, "title"), new Literal("The whole registry (every record, descriptor and the ontology)", "en"));
        Add(all, P(Dct, "license"), new Iri(RecordVocab.License));
        Add(all, P(Dct, "modified"), When(latest));
        Add(service, P(Dcat, "servesDataset"), all);
        if (dump is not null)
        {
            var dist = new Iri(cat.Value + "#dump");
            Add(all, P(Dcat, "distribution"), dist);
            Add(dist, RecordVocab.RdfType, P(Dcat, "Distribution"));
            Add(dist, P(Dct, "title"), new Literal("N-Quads dump (gzip)", "en"));
            Add(dist, P(Dcat, "downloadURL"), new Iri(dumpUrl));
            Add(dist, P(Dcat, "accessURL"), new Iri(dumpUrl));
            Add(dist, P(Dcat, "mediaType"), new Iri(Media + "application/n-quads"));
            Add(dist, P(Dcat, "compressFormat"), new Iri(Media + "application/gzip"));
            Add(dist, P(Dcat, "byteSize"), new Literal(dump.Bytes.ToString(CultureInfo.InvariantCulture), new Iri(Vocab.Xsd.Namespace + "nonNegativeInteger")));
            Add(dist, P(Dct, "modified"), When(dump.Made));
            Add(dist, P(Dct, "license"), new Iri(RecordVocab.License));
        }

        foreach (var f in Facilities.Where(f => f.Tombstone is null).OrderBy(f => f.Pid.ToString(), StringComparer.Ordinal))
        {
            var ds = new Iri(cat.Value + "#" + Uri.EscapeDataString(f.Pid.ToString()));
            var org = RecordIri(f.Pid);
            string path = Paths.Of(f);
            Add(cat, P(Dcat, "dataset"), ds);
            Add(ds, RecordVocab.RdfType, P(Dcat, "Dataset"));
            Add(ds, P(Dct, "title"), new Literal("Instruments of " + f.Name, "en"));
            Add(ds, P(Dct, "description"), new Literal(RecordText.Facility(f, InstancesAt(f.Pid).Count(i => i.Tombstone is null)), "en"));
            Add(ds, P(Dct, "publisher"), org);
            Add(org, RecordVocab.RdfType, P("http://xmlns.com/foaf/0.1/", "Organization"));
            Add(org, P("http://xmlns.com/foaf/0.1/", "name"), new Literal(f.Name));
            Add(ds, P(Dct, "identifier"), new Literal(f.Pid.ToString()));
            Add(ds, P(Dcat, "landingPage"), new Iri(Iris.Base + path.TrimStart('/')));
            Add(ds, P(Dct, "license"), new Iri(RecordVocab.License));
            Add(ds, P(Dct, "modified"), When(facilityDates.GetValueOrDefault(path, f.Provenance.Created)));
            Add(ds, P(Dct, "issued"), When(f.Provenance.Created));
            Add(ds, P(Dcat, "keyword"), new Literal("light microscopy", "en"));
            Add(ds, P(Dct, "isPartOf"), all);
        }
        return t;
    }
}
