using System.Globalization;
using System.Text;

namespace PhdResolver.Bench.Micro;

/// <summary>
/// Deterministic instrument-like data, generated in process so the benchmarks need no files: per instrument
/// a type, a name, a manufacturer (one of 20), a facility (one of 200) and five components, each with a
/// type, a name and a numeric aperture or wavelength - the shapes the kit's queries join over.
/// </summary>
internal static class SyntheticData
{
    public const string Ns = "https://phd.example.org/";

    public static string NTriples(int instruments)
    {
        var sb = new StringBuilder(instruments * 1600);
        var inv = CultureInfo.InvariantCulture;
        for (int i = 0; i < instruments; i++)
        {
            string s = $"<{Ns}instrument/{i:D6}>";
            sb.Append(s).Append(" <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <").Append(Ns).Append("vocab#Instrument> .\n");
            sb.Append(s).Append(" <http://schema.org/name> \"Microscope ").Append(i.ToString(inv)).Append(" \\\"main\\\" stand\"@en .\n");
            sb.Append(s).Append(" <").Append(Ns).Append("vocab#manufacturer> <").Append(Ns).Append("manufacturer/").Append((i % 20).ToString(inv)).Append("> .\n");
            sb.Append(s).Append(" <").Append(Ns).Append("vocab#facility> <").Append(Ns).Append("facility/").Append((i % 200).ToString(inv)).Append("> .\n");
            for (int c = 0; c < 5; c++)
            {
                string comp = $"<{Ns}instrument/{i:D6}#c{c}>";
                sb.Append(s).Append(" <").Append(Ns).Append("vocab#hasComponent> ").Append(comp).Append(" .\n");
                sb.Append(comp).Append(" <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <").Append(Ns).Append(c == 0 ? "vocab#Objective>" : "vocab#LightSource>").Append(" .\n");
                sb.Append(comp).Append(" <http://schema.org/name> \"Component ").Append(c.ToString(inv)).Append(" of ").Append(i.ToString(inv)).Append("\" .\n");
                if (c == 0)
                    sb.Append(comp).Append(" <").Append(Ns).Append("vocab#numericalAperture> \"").Append((0.8 + (i % 7) * 0.1).ToString("0.00", inv))
                      .Append("\"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n");
                else
                    sb.Append(comp).Append(" <").Append(Ns).Append("vocab#wavelength> \"").Append((405 + (i * 7 + c * 13) % 300).ToString(inv))
                      .Append("\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n");
            }
        }
        return sb.ToString();
    }
}
