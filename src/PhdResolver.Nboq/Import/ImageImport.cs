using System.Text.Json;
using PhdResolver.Rdf;

namespace PhdResolver.Nboq.Import;

/// <summary>
/// Micro-Meta App Image (acquisition settings) files. Settings objects refer to hardware by component ID;
/// those IRIs are minted under the named instrument exactly as an Instrument import mints them, so the two link up.
/// </summary>
internal static class ImageImport
{
    public static Iri Import(ImportContext ctx, JsonElement image, string path)
    {
        ctx.Report.Kind = "Image";
        ctx.Report.ModelVersion = MmaImporter.Str(image, "ModelVersion") ?? MmaImporter.Str(image, "Version");
        ctx.LegacyModel = !image.TryGetProperty("ModelVersion", out _) && image.TryGetProperty("Version", out _);
        MmaImporter.CheckModelVersion(ctx.Report.ModelVersion, $"{path}.{(ctx.LegacyModel ? "Version" : "ModelVersion")}");
        var id = MmaImporter.Str(image, "ID") ?? throw new MmaImportException("the Image has no ID, so it cannot be named stably");
        var subject = new Iri(ctx.Mint("image/" + ImportContext.Segment(id)));
        ctx.LayoutGraph = new Iri(subject.Value + "/layout");
        var cls = ctx.Vocab.Class("Image")!;
        ctx.Add(subject, Vocab.Rdf.Type, cls);

        var mapper = new FieldMapper(ctx);
        var skip = new HashSet<string>(StringComparer.Ordinal);
        if (ctx.Options.Configuration is { } configuration && image.TryGetProperty("InstrumentID", out _))
        {
            // Registered against a configuration: the instrument is that configuration's (the file's ID names it in MMA only).
            ctx.Add(subject, Nboq.RefersTo, configuration);
            ctx.Report.MappedCount++;
            skip.Add("InstrumentID");
        }
        else if (MmaImporter.Str(image, "InstrumentID") is { } instId)
        {
            var inst = new Iri(ctx.Mint("instrument/" + ImportContext.Segment(instId)));
            ctx.ExternalComponent = cid => new Iri($"{inst.Value}/component/{ImportContext.Segment(cid)}");
            ctx.Add(subject, Nboq.RefersTo, inst);
            ctx.Report.MappedCount++;
            skip.Add("InstrumentID");
        }
        mapper.MapObject(subject, cls, image, path, skip);
        return subject;
    }
}
