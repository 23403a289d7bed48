using PhdResolver.Rdf;
using PhdResolver.Registry;
using PhdResolver.Registry.Knowledge;
using PhdResolver.Registry.Pids;

namespace PhdResolver.Web.Records;

/// <summary>
/// The RDF of a record, read from the store: the record's concise bounded description in the
/// union of all graphs (its record graph, plus the links other records' graphs assert about it),
/// which is what <c>DESCRIBE &lt;record IRI&gt;</c> returns over /sparql, plus the types, names and
/// identifiers of the records it links to (<see cref="RegistryService.DescribeWithLinks"/>). A descriptor's hardware graph travels as a named graph (named by its PHD)
/// in dataset syntaxes, and is merged into the default graph otherwise. Web adds no facts of its own.
/// </summary>
internal static class RecordRdf
{
    public const string License = RecordVocab.License;

    public static List<Quad> Build(RegistryService registry, RecordView v, bool includeGraph = true)
    {
        var self = v.Level == PidLevel.Descriptor ? new Iri(v.Version!.GraphIri) : registry.RecordIri(v.Pid);
        var q = new List<Quad>();
        foreach (var t in registry.DescribeWithLinks(self)) q.Add(new Quad(t.Subject, t.Predicate, t.Object));
        if (includeGraph && v.Level == PidLevel.Descriptor && v.Graph is not null && v.Tombstone is null)
        {
            var g = new Iri(v.Version!.GraphIri);
            foreach (var x in v.Graph) q.Add(x.WithGraph(g));
        }
        return q;
    }

    public static string TypeOf(Registry.Pids.PidLevel level) => level switch
    {
        Registry.Pids.PidLevel.Facility => "Organization",
        Registry.Pids.PidLevel.Model => "ProductModel",
        Registry.Pids.PidLevel.Instance => "IndividualProduct",
        Registry.Pids.PidLevel.Settings => "CreativeWork",
        _ => "Dataset",
    };
}
