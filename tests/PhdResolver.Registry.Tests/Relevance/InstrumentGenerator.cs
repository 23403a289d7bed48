using System.Globalization;
using PhdResolver.Rdf;

namespace PhdResolver.Registry.Tests.Relevance;

/// <summary>One generated component, with the facts the judged queries test.</summary>
public sealed record GenComponent(string Type, string Name, string Manufacturer, string Model)
{
    public double? Na { get; init; }
    public double? Magnification { get; init; }
    public string? Immersion { get; init; }
    public double? Wavelength { get; init; }
    public double? PowerMw { get; init; }
    public double? PixelUm { get; init; }
}

public sealed record GenFacility(string Key, string Name, string City, string Country);
public sealed record GenModel(string Key, string Manufacturer, string Name, string Modality);

/// <summary>One generated instrument: where it is, what model, which components.</summary>
public sealed record GenInstrument(int Index, string Name, GenFacility Facility, GenModel Model, IReadOnlyList<GenComponent> Components)
{
    public string Identifier => "doi:10.5072/gen." + Index.ToString(CultureInfo.InvariantCulture);
    public bool Has(Func<GenComponent, bool> p) => Components.Any(p);
}

/// <summary>
/// Real-looking light microscopes from a seed (same seed, same corpus): catalogue-style
/// objectives, laser lines, PMT/GaAsP/HyD point detectors and sCMOS/EMCCD/CCD cameras from the
/// vendors' product lines, at facilities in several countries. Names and numbers are plausible,
/// not measured. Written for this project's relevance test and bench/search.
/// </summary>
public static class InstrumentGenerator
{
    public static readonly GenFacility[] Facilities =
    [
        new("RRID:SCR_100001", "Advanced Light Microscopy Facility", "Heidelberg", "Germany"),
        new("RRID:SCR_100002", "Imaging Core Boston", "Boston", "United States"),
        new("RRID:SCR_100003", "BioImaging Centre Leiden", "Leiden", "Netherlands"),
        new("RRID:SCR_100004", "Cell Imaging Platform Lyon", "Lyon", "France"),
        new("RRID:SCR_100005", "Microscopy Hub Cambridge", "Cambridge", "United Kingdom"),
        new("RRID:SCR_100006", "Optical Imaging Unit Kyoto", "Kyoto", "Japan"),
        new("RRID:SCR_100007", "Light Microscopy Core Zurich", "Zurich", "Switzerland"),
        new("RRID:SCR_100008", "Imaging Facility Melbourne", "Melbourne", "Australia"),
    ];

    public static readonly GenModel[] Models =
    [
        new("RRID:SCR_200001", "Carl Zeiss Microscopy", "LSM 980", "confocal"),
        new("RRID:SCR_200002", "Carl Zeiss Microscopy", "LSM 900", "confocal"),
        new("RRID:SCR_200003", "Carl Zeiss Microscopy", "Axio Observer 7", "widefield"),
        new("RRID:SCR_200004", "Leica Microsystems", "Stellaris 8", "confocal"),
        new("RRID:SCR_200005", "Leica Microsystems", "TCS SP8", "confocal"),
        new("RRID:SCR_200006", "Leica Microsystems", "THUNDER Imager", "widefield"),
        new("RRID:SCR_200007", "Nikon", "A1R HD25", "confocal"),
        new("RRID:SCR_200008", "Nikon", "Ti2-E", "widefield"),
        new("RRID:SCR_200009", "Evident Olympus", "FV3000", "confocal"),
        new("RRID:SCR_200010", "Evident Olympus", "IX83 spinning disk", "spinning disk"),
        new("RRID:SCR_200011", "Andor Oxford Instruments", "Dragonfly 200", "spinning disk"),
        new("RRID:SCR_200012", "Bruker", "Ultima 2Pplus", "multiphoton"),
        new("RRID:SCR_200013", "Carl Zeiss Microscopy", "Lattice Lightsheet 7", "light sheet"),
    ];

    private static readonly GenComponent[] Objectives =
    [
        new("Objective", "Plan-Apochromat 63x/1.40 Oil DIC", "Carl Zeiss Microscopy", "420782-9900-000") { Na = 1.40, Magnification = 63, Immersion = "oil" },
        new("Objective", "Plan-Apochromat 20x/0.8", "Carl Zeiss Microscopy", "420650-9902-000") { Na = 0.8, Magnification = 20, Immersion = "air" },
        new("Objective", "C-Apochromat 40x/1.2 W Corr", "Carl Zeiss Microscopy", "421767-9971-790") { Na = 1.2, Magnification = 40, Immersion = "water" },
        new("Objective", "alpha Plan-Apochromat 100x/1.46 Oil TIRF", "Carl Zeiss Microscopy", "420792-9800-720") { Na = 1.46, Magnification = 100, Immersion = "oil" },
        new("Objective", "HC PL APO 63x/1.40 Oil CS2", "Leica Microsystems", "11506350") { Na = 1.40, Magnification = 63, Immersion = "oil" },
        new("Objective", "HC PL APO 20x/0.75 CS2", "Leica Microsystems", "11506517") { Na = 0.75, Magnification = 20, Immersion = "air" },
        new("Objective", "HC PL APO 86x/1.20 W motCORR", "Leica Microsystems", "11506333") { Na = 1.2, Magnification = 86, Immersion = "water" },
        new("Objective", "CFI Plan Apo Lambda 60x/1.40 Oil", "Nikon", "MRD71670") { Na = 1.40, Magnification = 60, Immersion = "oil" },
        new("Objective", "CFI Apo TIRF 100x/1.49 Oil", "Nikon", "MRD01991") { Na = 1.49, Magnification = 100, Immersion = "oil" },
        new("Objective", "CFI Plan Fluor 10x/0.30", "Nikon", "MRH10101") { Na = 0.3, Magnification = 10, Immersion = "air" },
        new("Objective", "UPLXAPO 60X/1.42 Oil", "Evident Olympus", "N5793300") { Na = 1.42, Magnification = 60, Immersion = "oil" },
        new("Objective", "UPLSAPO 30X/1.05 Silicone", "Evident Olympus", "N2709600") { Na = 1.05, Magnification = 30, Immersion = "silicone" },
        new("Objective", "XLPLN25XWMP2 25x/1.05 Water multiphoton", "Evident Olympus", "N2667700") { Na = 1.05, Magnification = 25, Immersion = "water" },
    ];

    private static readonly (double Wl, string Kind)[] LaserLines =
        [(405, "diode"), (445, "diode"), (488, "diode"), (514, "argon"), (532, "DPSS"), (561, "DPSS"), (594, "DPSS"), (640, "diode"), (685, "diode"), (730, "diode")];

    private static readonly GenComponent[] PointDetectors =
    [
        new("PhotoMultiplier", "GaAsP PMT", "Hamamatsu", "H7422P-40"),
        new("PhotoMultiplier", "Multialkali PMT", "Hamamatsu", "R9110"),
        new("HybridPhotoDetector", "HyD S hybrid detector", "Leica Microsystems", "HyD S"),
        new("PhotoMultiplier", "Airyscan 2 GaAsP detector", "Carl Zeiss Microscopy", "Airyscan 2"),
        new("PhotoDiode", "SPAD avalanche photodiode", "Excelitas", "SPCM-AQRH"),
    ];

    private static readonly GenComponent[] Cameras =
    [
        new("CMOS", "ORCA-Fusion BT sCMOS camera", "Hamamatsu", "C15440-20UP") { PixelUm = 6.5 },
        new("CMOS", "Prime BSI Express sCMOS", "Teledyne Photometrics", "Prime BSI Express") { PixelUm = 6.5 },
        new("CMOS", "Kinetix sCMOS", "Teledyne Photometrics", "Kinetix") { PixelUm = 6.5 },
        new("CMOS", "ORCA-Quest qCMOS", "Hamamatsu", "C15550-20UP") { PixelUm = 4.6 },
        new("IntensifiedCamera", "iXon Ultra 888 EMCCD", "Andor Oxford Instruments", "DU-888U3") { PixelUm = 13 },
        new("CCD", "CoolSNAP HQ2 CCD", "Teledyne Photometrics", "CoolSNAP HQ2") { PixelUm = 6.45 },
    ];

    /// <summary>The corpus: <paramref name="count"/> instruments from <paramref name="seed"/>.</summary>
    public static List<GenInstrument> Generate(int count, int seed = 20261203)
    {
        var rng = new Random(seed);
        var list = new List<GenInstrument>(count);
        for (int n = 0; n < count; n++)
        {
            var model = Models[rng.Next(Models.Length)];
            var facility = Facilities[rng.Next(Facilities.Length)];
            var comps = new List<GenComponent>();
            // Objectives: mostly the model's vendor, sometimes another's.
            var vendorObjectives = Objectives.Where(o => o.Manufacturer == model.Manufacturer).ToArray();
            int objectives = 2 + rng.Next(3);
            for (int k = 0; k < objectives; k++)
            {
                var pool = vendorObjectives.Length > 0 && rng.Next(4) > 0 ? vendorObjectives : Objectives;
                var o = pool[rng.Next(pool.Length)];
                if (!comps.Contains(o)) comps.Add(o);
            }
            bool scanning = model.Modality is "confocal" or "multiphoton";
            if (model.Modality != "widefield")
            {
                int lasers = model.Modality == "multiphoton" ? 1 : 2 + rng.Next(3);
                var lines = LaserLines.OrderBy(_ => rng.Next()).Take(lasers).OrderBy(l => l.Wl);
                foreach (var (wl, kind) in lines)
                {
                    double mw = new[] { 10, 20, 30, 50, 100, 150 }[rng.Next(6)];
                    string w = wl.ToString(CultureInfo.InvariantCulture);
                    comps.Add(new("Laser", $"{w} nm {kind} laser", rng.Next(2) == 0 ? "Coherent" : "Omicron", $"{kind.ToUpperInvariant()} {w}-{mw}") { Wavelength = wl, PowerMw = mw });
                }
                if (model.Modality == "multiphoton")
                    comps.Add(new("Laser", "Chameleon Discovery tunable two-photon laser", "Coherent", "Chameleon Discovery") { Wavelength = 920, PowerMw = 1500 });
            }
            else comps.Add(new("LightEmittingDiode", "pE-800 LED light source", "CoolLED", "pE-800"));
            if (scanning)
            {
                int dets = 1 + rng.Next(3);
                for (int k = 0; k < dets; k++)
                {
                    var d = PointDetectors[rng.Next(PointDetectors.Length)];
                    if (!comps.Contains(d)) comps.Add(d);
                }
            }
            else
            {
                var cam = Cameras[rng.Next(Cameras.Length)];
                comps.Add(cam);
                if (rng.Next(5) == 0) comps.Add(Cameras[rng.Next(Cameras.Length)] is var c2 && c2 != cam ? c2 : Cameras[0] == cam ? Cameras[1] : Cameras[0]);
            }
            if (rng.Next(3) == 0) comps.Add(new("Prism", "DIC slider (Nomarski prism)", model.Manufacturer, "DIC-" + (n % 7)));
            string room = ((char)('A' + rng.Next(6))).ToString() + "." + (100 + rng.Next(300)).ToString(CultureInfo.InvariantCulture);
            list.Add(new GenInstrument(n, $"{model.Name} room {room} #{n}", facility, model, comps));
        }
        return list;
    }

    /// <summary>The NBO-Q descriptor graph of an instrument (one named component per node).</summary>
    public static Dataset Graph(GenInstrument g)
    {
        const string nbo = "https://w3id.org/nbo-q/";
        var ds = new Dataset();
        var inst = new Iri($"https://gen.example.org/{g.Index}/instrument");
        void Add(Term s, string p, Term o) => ds.Add(new Quad(s, new Iri(nbo + p), o));
        static Literal D(double d) => new(d.ToString("R", CultureInfo.InvariantCulture), new Iri("http://www.w3.org/2001/XMLSchema#double"));
        ds.Add(new Quad(inst, Vocab.Rdf.Type, new Iri(nbo + "Instrument")));
        Add(inst, "name", new Literal(g.Name));
        for (int k = 0; k < g.Components.Count; k++)
        {
            var c = g.Components[k];
            var node = new Iri($"https://gen.example.org/{g.Index}/c{k}");
            Add(inst, "hasComponent", node);
            ds.Add(new Quad(node, Vocab.Rdf.Type, new Iri(nbo + c.Type)));
            Add(node, "name", new Literal(c.Name));
            Add(node, "manufacturer", new Literal(c.Manufacturer));
            Add(node, "model", new Literal(c.Model));
            if (c.Na is { } na) Add(node, "lensNA", D(na));
            if (c.Magnification is { } m) Add(node, "magnification", D(m));
            if (c.Immersion is { } im) Add(node, "immersion", new Literal(im + " immersion"));
            if (c.Wavelength is { } wl) { Add(node, "wavelength", D(wl)); Add(node, "wavelengthUnit", new Iri("http://qudt.org/vocab/unit/NanoM")); }
            if (c.PowerMw is { } p) { Add(node, "power", D(p)); Add(node, "powerUnit", new Iri("http://qudt.org/vocab/unit/MilliW")); }
            if (c.PixelUm is { } px) Add(node, "pixelSize", D(px));
        }
        return ds;
    }

    /// <summary>Registers the facilities, models and instruments (one version each) in a registry.</summary>
    public static void Register(RegistryService r, IEnumerable<GenInstrument> instruments)
    {
        foreach (var f in Facilities) r.RegisterFacility(new NewFacility { Rrid = f.Key, Name = f.Name, City = f.City, Country = f.Country }, "gen");
        foreach (var m in Models) r.RegisterModel(new NewModel { Rrid = m.Key, Name = m.Name, Manufacturer = m.Manufacturer, Modality = m.Modality }, "gen");
        foreach (var g in instruments)
        {
            r.RegisterInstance(new NewInstance { Identifier = g.Identifier, Name = g.Name, Facility = g.Facility.Key, Model = g.Model.Key }, "gen");
            r.SubmitVersion(g.Identifier, Graph(g), 1, "gen");
        }
    }
}

/// <summary>A judged query: its text, what kind of query it is, and which instruments are relevant.</summary>
public sealed record JudgedQuery(string Text, string Kind, Func<GenInstrument, bool> Relevant);

public static class JudgedQueries
{
    private static bool Obj(GenInstrument g, Func<GenComponent, bool> p) => g.Has(c => c.Type == "Objective" && p(c));
    private static bool Named(GenInstrument g, string s) => g.Has(c => c.Name.Contains(s, StringComparison.OrdinalIgnoreCase));
    private static bool Pmt(GenInstrument g) => g.Has(c => c.Type == "PhotoMultiplier");
    private static bool Camera(GenInstrument g) => g.Has(c => c.Type is "CMOS" or "CCD" or "IntensifiedCamera");

    public static readonly JudgedQuery[] All =
    [
        // model names, split and joined
        new("LSM 980", "model", g => g.Model.Name == "LSM 980"),
        new("LSM980", "model", g => g.Model.Name == "LSM 980"),
        new("lsm900", "model", g => g.Model.Name == "LSM 900"),
        new("Stellaris 8", "model", g => g.Model.Name == "Stellaris 8"),
        new("SP8", "model", g => g.Model.Name == "TCS SP8"),
        new("A1R", "model", g => g.Model.Name == "A1R HD25"),
        new("FV3000", "model", g => g.Model.Name == "FV3000"),
        new("Dragonfly", "model", g => g.Model.Name == "Dragonfly 200"),
        new("Ti2-E", "model", g => g.Model.Name == "Ti2-E"),
        new("ORCA-Fusion", "model", g => Named(g, "ORCA-Fusion")),
        new("orca fusion", "model", g => Named(g, "ORCA-Fusion")),
        new("Prime BSI", "model", g => Named(g, "Prime BSI")),
        new("iXon 888", "model", g => Named(g, "iXon")),
        new("Plan-Apochromat 63x/1.40", "model", g => Named(g, "Plan-Apochromat 63x/1.40")),
        new("HC PL APO 63x", "model", g => Named(g, "HC PL APO 63x")),
        // typos
        new("Stelaris", "typo", g => g.Model.Name == "Stellaris 8"),
        new("dragonfyl", "typo", g => g.Model.Name == "Dragonfly 200"),
        new("Hamamtsu", "typo", g => g.Has(c => c.Manufacturer == "Hamamatsu")),
        new("Lattice Lightshet", "typo", g => g.Model.Name == "Lattice Lightsheet 7"),
        new("Chamelon", "typo", g => Named(g, "Chameleon")),
        // plurals and endings
        new("confocals Leiden", "plural", g => g.Model.Modality == "confocal" && g.Facility.City == "Leiden"),
        new("objectives silicone", "plural", g => Obj(g, c => c.Immersion == "silicone")),
        new("lasers 685", "plural", g => g.Has(c => c.Wavelength == 685)),
        new("cameras Kyoto", "plural", g => Camera(g) && g.Facility.City == "Kyoto"),
        new("detectors Lyon", "plural", g => (Pmt(g) || Camera(g) || g.Has(c => c.Type is "HybridPhotoDetector" or "PhotoDiode")) && g.Facility.City == "Lyon"),
        // synonyms and superclasses
        new("PMT Zurich", "synonym", g => Pmt(g) && g.Facility.City == "Zurich"),
        new("photomultiplier Melbourne", "synonym", g => Pmt(g) && g.Facility.City == "Melbourne"),
        new("GaAsP", "synonym", g => Named(g, "GaAsP")),
        new("hybrid detector", "synonym", g => g.Has(c => c.Type == "HybridPhotoDetector")),
        new("scientific CMOS", "synonym", g => Named(g, "sCMOS")),
        new("sCMOS", "synonym", g => Named(g, "sCMOS")),
        new("EMCCD", "synonym", g => Named(g, "EMCCD")),
        new("electron multiplying CCD", "synonym", g => Named(g, "EMCCD")),
        new("TIRF", "synonym", g => Named(g, "TIRF")),
        new("total internal reflection", "synonym", g => Named(g, "TIRF")),
        new("DIC Cambridge", "synonym", g => Named(g, "DIC") && g.Facility.City == "Cambridge"),
        new("differential interference contrast", "synonym", g => Named(g, "DIC")),
        new("avalanche photodiode", "synonym", g => Named(g, "avalanche")),
        new("two-photon", "synonym", g => Named(g, "two-photon")),
        // ranges, alone and with words
        new("na>=1.45", "range", g => Obj(g, c => c.Na >= 1.45)),
        new("na:1.42", "range", g => Obj(g, c => c.Na == 1.42)),
        new("wavelength:680..690", "range", g => g.Has(c => c.Wavelength is >= 680 and <= 690)),
        new("wavelength:500..520 laser", "range", g => g.Has(c => c.Wavelength is >= 500 and <= 520)),
        new("magnification>=86", "range", g => Obj(g, c => c.Magnification >= 86)),
        new("pixel<5", "range", g => g.Has(c => c.PixelUm < 5)),
        new("power>=1000", "range", g => g.Has(c => c.PowerMw >= 1000)),
        new("water immersion Boston", "words", g => Obj(g, c => c.Immersion == "water") && g.Facility.City == "Boston"),
        new("na>=1.4 silicone", "range", g => Obj(g, c => c.Immersion == "silicone") && Obj(g, c => c.Na >= 1.4)),
        // facility and manufacturer words
        new("Zeiss Heidelberg", "words", g => g.Model.Manufacturer.Contains("Zeiss", StringComparison.Ordinal) && g.Facility.City == "Heidelberg"),
        new("Nikon widefield Leiden", "words", g => g.Model.Manufacturer == "Nikon" && g.Model.Modality == "widefield" && g.Facility.City == "Leiden"),
        new("spinning disk Japan", "words", g => g.Model.Modality == "spinning disk" && g.Facility.Country == "Japan"),
    ];
}
