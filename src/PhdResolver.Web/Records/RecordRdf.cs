using System.Globalization;
using PhdResolver.Rdf;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;
using PhdResolver.Registry.Resolution;

namespace PhdResolver.Web.Records;

/// <summary>
/// The RDF of a record: schema.org terms for generic harvesters, NBO-Q and PROV terms for
/// the domain, DCTERMS for versions. A descriptor's own graph travels as a named graph (named by
/// the registry's graph IRI) in dataset syntaxes, and is merged into the default graph otherwise.
/// </summary>
internal static class RecordRdf
{
    private const string S = "https://schema.org/";
    private const string Prov = "http://www.w3.org/ns/prov#";
    private const string Dct = "http://purl.org/dc/terms/";
    private static readonly Iri Type = Vocab.Rdf.Type;
    private static readonly Iri SameAs = new("http://www.w3.org/2002/07/owl#sameAs");
    public const string License = "https://creativecommons.org/publicdomain/zero/1.0/";

    public static List<Quad> Build(RecordView v, bool includeGraph = true)
    {
        var q = new List<Quad>();
        var self = new Iri(v.Iri);
        void Add(Term s, string p, Term o) => q.Add(new Quad(s, new Iri(p), o));
        void Lit(Term s, string p, string? value) { if (!string.IsNullOrEmpty(value)) Add(s, p, new Literal(value)); }
        Iri FacilityIri(Pid p) => new(v.Origin + "/" + p);
        Iri ModelIri(Pid p) => new(v.Origin + "/" + p);

        Add(self, Vocab.Rdf.Type.Value, new Iri(S + TypeOf(v.Level)));
        Lit(self, S + "name", v.Title);
        Lit(self, S + "identifier", v.Pid.ToString());
        Add(self, S + "url", self);
        Add(self, S + "license", new Iri(License));
        if (v.Pid.ResolverUrl is { } ext) Add(self, SameAs.Value, new Iri(ext));
        Add(self, Dct + "created", new Literal(v.Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), Vocab.Xsd.DateTime));
        if (v.Tombstone is { } t)
        {
            Lit(self, S + "description", "Withdrawn: " + t.Reason);
            Add(self, Prov + "invalidatedAtTime", new Literal(t.WithdrawnAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), Vocab.Xsd.DateTime));
        }

        switch (v.Level)
        {
            case Registry.Pids.PidLevel.Facility:
                var f = v.Facility!;
                if (f.Homepage is { } hp && Uri.TryCreate(hp, UriKind.Absolute, out _)) Add(self, S + "sameAs", new Iri(hp));
                Lit(self, S + "email", f.Contact);
                if (f.City is not null || f.Country is not null)
                {
                    var addr = new BlankNode("address");
                    Add(self, S + "address", addr);
                    Add(addr, Type.Value, new Iri(S + "PostalAddress"));
                    Lit(addr, S + "addressLocality", f.City);
                    Lit(addr, S + "addressCountry", f.Country);
                }
                foreach (var i in v.Instances) Add(self, S + "owns", new Iri(v.Origin + Paths.Of(i)));
                break;
            case Registry.Pids.PidLevel.Model:
                var m = v.Model!;
                var man = new BlankNode("manufacturer");
                Add(self, S + "manufacturer", man);
                Add(man, Type.Value, new Iri(S + "Organization"));
                Lit(man, S + "name", m.Manufacturer);
                Lit(self, S + "category", m.Modality);
                foreach (var i in v.Instances) Add(new Iri(v.Origin + Paths.Of(i)), S + "model", self);
                break;
            case Registry.Pids.PidLevel.Instance:
                var inst = v.Instance!;
                Add(self, Type.Value, PhdResolver.Nboq.Nboq.Instrument);
                Add(self, S + "model", ModelIri(inst.Model));
                Add(self, PhdResolver.Nboq.Nboq.Namespace + "instanceOf", ModelIri(inst.Model));
                var im = new BlankNode("manufacturer");
                Add(self, S + "manufacturer", im);
                Add(im, Type.Value, new Iri(S + "Organization"));
                Lit(im, S + "name", inst.Manufacturer);
                Add(self, S + "location", FacilityIri(inst.Facility));
                Add(self, S + "owner", FacilityIri(inst.Owner));
                Lit(self, S + "description", inst.Description);
                if (inst.Commissioned is { } c) Add(self, S + "purchaseDate", new Literal(c.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Vocab.Xsd.Date));
                foreach (var ver in v.Versions) Add(self, Dct + "hasVersion", new Iri(v.Origin + Paths.Of(inst, ver.Number)));
                break;
            case Registry.Pids.PidLevel.Descriptor:
                var d = v.Version!;
                Add(self, Type.Value, new Iri(Prov + "Entity"));
                Lit(self, S + "version", "c" + d.Number.ToString(CultureInfo.InvariantCulture));
                if (v.Instance is { } owner)
                {
                    Add(self, S + "about", new Iri(v.Origin + Paths.Of(owner)));
                    Add(self, Dct + "isVersionOf", new Iri(v.Origin + Paths.Of(owner)));
                    var prev = v.Versions.Where(x => x.Number < d.Number).OrderByDescending(x => x.Number).FirstOrDefault();
                    if (prev is not null) Add(self, Prov + "wasRevisionOf", new Iri(v.Origin + Paths.Of(owner, prev.Number)));
                }
                Add(self, PhdResolver.Nboq.Nboq.Tier.Value, new Literal(d.Tier.ToString(CultureInfo.InvariantCulture), Vocab.Xsd.Integer));
                Add(self, S + "mainEntity", new Iri(d.GraphIri));
                if (includeGraph && v.Graph is not null && v.Tombstone is null)
                    foreach (var g in v.Graph) q.Add(g.WithGraph(new Iri(d.GraphIri)));
                break;
        }
        return q;
    }

    public static string TypeOf(Registry.Pids.PidLevel level) => level switch
    {
        Registry.Pids.PidLevel.Facility => "Organization",
        Registry.Pids.PidLevel.Model => "ProductModel",
        Registry.Pids.PidLevel.Instance => "IndividualProduct",
        _ => "Dataset",
    };
}
