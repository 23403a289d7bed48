using PhdResolver.Rdf;
using PhdResolver.Store;

namespace PhdResolver.Registry.Tests;

/// <summary>A real store + registry in a temp directory, deleted afterwards.</summary>
internal sealed class TestRegistry : IDisposable
{
    public const string F = "RRID:SCR_017406";
    public const string F2 = "ror:03vek6s52";
    public const string M = "RRID:SCR_023456";
    public const string I = "doi:10.5281/zenodo.123";

    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "phd-registry-test-" + Guid.NewGuid().ToString("N"));
    public QuadStore Store { get; private set; }
    public RegistryService Registry { get; private set; }

    private StoreOptions _storeOptions;

    /// <param name="database">A PostgreSQL location for the system of record; null: SQLite in <see cref="Dir"/>.</param>
    /// <param name="beforeRegistry">Runs on the store before the registry opens (a restore loads the quads there).</param>
    /// <param name="lean">Open the store without query indexes (<see cref="StoreOptions.QueryIndexes"/> false).</param>
    public TestRegistry(string? database = null, Action<QuadStore>? beforeRegistry = null, bool lean = false)
    {
        Directory.CreateDirectory(Dir);
        _storeOptions = new StoreOptions { Database = database, QueryIndexes = !lean };
        Store = QuadStore.Open(Dir, _storeOptions);
        beforeRegistry?.Invoke(Store);
        Registry = RegistryService.Open(Store, Options);
    }

    public static RegistryOptions Options => new() { BaseUri = new Uri("https://phd.example.org/") };

    /// <param name="lean">With or without query indexes from now on; null: as before.</param>
    public void Reopen(bool? lean = null)
    {
        Registry.Dispose();
        Store.Dispose();
        if (lean is bool l) _storeOptions = _storeOptions with { QueryIndexes = !l };
        Store = QuadStore.Open(Dir, _storeOptions);
        Registry = RegistryService.Open(Store, Options);
    }

    /// <summary>Facility F (city Heidelberg), facility F2, model M, instance I at F.</summary>
    public void Seed()
    {
        Registry.RegisterFacility(new NewFacility { Rrid = F, Name = "Advanced Light Microscopy Facility", City = "Heidelberg" }, "cli");
        Registry.RegisterFacility(new NewFacility { Ror = F2, Name = "Imaging Core Boston", City = "Boston" }, "cli");
        Registry.RegisterModel(new NewModel { Rrid = M, Name = "LSM 980", Manufacturer = "Zeiss", Modality = "confocal" }, "cli");
        Registry.RegisterInstance(new NewInstance { Identifier = I, Name = "Confocal room 3", Facility = F, Model = M, Description = "Inverted confocal with Airyscan" }, "cli");
    }

    public static Dataset Graph(string objective, string immersion = "oil immersion", string? extraLaser = null)
    {
        const string nbo = "https://w3id.org/nbo-q/";
        var ds = new Dataset();
        var inst = new Iri("https://lab.example.org/instrument/1");
        var obj = new BlankNode("o");
        ds.Add(new Quad(inst, Vocab.Rdf.Type, new Iri(nbo + "Microscope")));
        ds.Add(new Quad(inst, new Iri(nbo + "hasObjective"), obj));
        ds.Add(new Quad(obj, Vocab.Rdf.Type, new Iri(nbo + "Objective")));
        ds.Add(new Quad(obj, Vocab.Rdfs.Label, new Literal(objective)));
        ds.Add(new Quad(obj, new Iri(nbo + "immersion"), new Literal(immersion)));
        if (extraLaser is not null)
        {
            var l = new BlankNode("l");
            ds.Add(new Quad(inst, new Iri(nbo + "hasLightSource"), l));
            ds.Add(new Quad(l, Vocab.Rdf.Type, new Iri(nbo + "Laser")));
            ds.Add(new Quad(l, Vocab.Rdfs.Label, new Literal(extraLaser)));
        }
        return ds;
    }

    public void Dispose()
    {
        Registry.Dispose();
        Store.Dispose();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}
