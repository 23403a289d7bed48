using System.Text.Json;
using PhdResolver.Rdf;

namespace PhdResolver.Nboq.Import;

/// <summary>
/// The 4DN portal's flat microscope_setting records (tier_level, objective_na, ch00_...): the objective and stand
/// facts map onto NBO-Q; the per-channel free-text fields are kept as key/value pairs.
/// </summary>
internal static class PortalSettingImport
{
    // portal key -> (part, NBO attribute). Part "" is the setting record itself.
    private static readonly Dictionary<string, (string Part, string Attribute)> Map = new(StringComparer.Ordinal)
    {
        ["uuid"] = ("", "ID"),
        ["description"] = ("", "Description"),
        ["objective_model"] = ("Objective", "Model"),
        ["objective_na"] = ("Objective", "LensNA"),
        ["objective_magnification"] = ("Objective", "Magnification"),
        ["objective_working_distance"] = ("Objective", "WorkingDistance"),
        ["objective_field_number"] = ("Objective", "ObjectiveViewField"),
        ["microscope_model"] = ("MicroscopeStand", "Model"),
    };

    public static bool Recognises(JsonElement o) =>
        o.TryGetProperty("tier_level", out _) || o.EnumerateObject().Any(p => p.Name.StartsWith("ch00_", StringComparison.Ordinal));

    public static Iri Import(ImportContext ctx, JsonElement o, string path)
    {
        ctx.Report.Kind = "PortalSetting";
        ctx.Report.ModelVersion = "4DN microscope_setting";
        var uuid = MmaImporter.Str(o, "uuid") ?? throw new MmaImportException("the microscope_setting record has no uuid");
        var subject = new Iri(ctx.Mint("setting/" + ImportContext.Segment(uuid)));
        ctx.LayoutGraph = new Iri(subject.Value + "/layout");
        var imageCls = ctx.Vocab.Class("Image")!;
        ctx.Add(subject, Vocab.Rdf.Type, imageCls);
        var mapper = new FieldMapper(ctx);
        var parts = new Dictionary<string, Iri>(StringComparer.Ordinal);
        foreach (var p in o.EnumerateObject())
        {
            var fpath = FieldMapper.Child(path, p.Name);
            if (!Map.TryGetValue(p.Name, out var target))
            {
                mapper.MapField(subject, imageCls, p.Name, p.Value, fpath);   // finds no NBO-Q property: kept as key/value
                continue;
            }
            var (s, cls) = (subject, imageCls);
            if (target.Part.Length > 0)
            {
                cls = ctx.Vocab.Class(target.Part)!;
                if (!parts.TryGetValue(target.Part, out s!))
                {
                    parts[target.Part] = s = new Iri($"{subject.Value}/{target.Part}");
                    ctx.Add(subject, Nboq.RefersTo, s);
                    ctx.Add(s, Vocab.Rdf.Type, cls);
                }
            }
            mapper.MapField(s, cls, target.Attribute, p.Value, fpath);
        }
        return subject;
    }
}
