namespace PhdResolver.Registry.Pids;

/// <summary>The identifier schemes the registry understands.</summary>
public enum PidScheme : byte
{
    /// <summary>Research Resource Identifier, <c>RRID:SCR_017406</c> (facilities, models).</summary>
    Rrid,
    /// <summary>Research Organization Registry, <c>ror:03vek6s52</c> (facilities).</summary>
    Ror,
    /// <summary>Digital Object Identifier, <c>doi:10.5281/zenodo.123</c> (instances, PIDINST).</summary>
    Doi,
    /// <summary>Handle, <c>hdl:21.T11998/abc</c> (instances, PIDINST).</summary>
    Handle,
    /// <summary>A PHD accession we minted, <c>phd:7QK2-9XMC-4T</c>.</summary>
    Phd,
}

/// <summary>
/// The four levels of a concatenated PHD, and the acquisition settings records registered against a
/// descriptor version (<see cref="Settings"/>).
/// </summary>
public enum PidLevel : byte
{
    Facility,
    Model,
    Instance,
    Descriptor,
    /// <summary>
    /// Acquisition settings (a Micro-Meta App Image or portal settings file, or its RDF) registered against one
    /// descriptor version: its own immutable record with a minted <c>phd:</c> accession, resolved as a lone PID
    /// (<c>/phd:ACC</c>), never as a fifth path segment. Why not a segment: DESIGN §2 makes the config segment the
    /// last one ("everything between model and config is the instance PID"), so a segment after it would make
    /// <c>…/c3/…</c> ambiguous with DOI suffixes; a configuration has any number of settings (one per acquisition),
    /// which are cited on their own in a Methods section; and like a descriptor its stable IRI
    /// <c>{base}phd:ACC</c> never depends on where the instrument is. Stored values are the enum's (append only).
    /// </summary>
    Settings,
}

/// <summary>
/// A persistent identifier in canonical form. <see cref="Id"/> is the part after the prefix:
/// <list type="bullet">
/// <item>RRID: upper case (<c>RRID:SCR_017406</c>).</item>
/// <item>ROR: lower case, checksum verified (<c>ror:03vek6s52</c>).</item>
/// <item>DOI: lower case. DOI names are case-insensitive (ASCII case folding, DOI Handbook
///   §2.4); Crossref normalises to lower case and the design's examples are lower case, so we
///   emit <c>doi:10.5281/zenodo.123</c> and 301 <c>DOI:10.5281/ZENODO.123</c> to it.</item>
/// <item>Handle: the prefix (before the first <c>/</c>) upper case, the suffix as given (handle
///   suffixes may be case-sensitive). A handle whose prefix starts with <c>10.</c> is a DOI.</item>
/// <item>PHD accession: <c>phd:XXXX-XXXX-XX</c>.</item>
/// </list>
/// Construct through <see cref="PidParser"/>; equality is ordinal on the canonical form.
/// </summary>
public readonly record struct Pid(PidScheme Scheme, string Id)
{
    public string Prefix => PrefixOf(Scheme);

    public static string PrefixOf(PidScheme scheme) => scheme switch
    {
        PidScheme.Rrid => "RRID:",
        PidScheme.Ror => "ror:",
        PidScheme.Doi => "doi:",
        PidScheme.Handle => "hdl:",
        _ => "phd:",
    };

    /// <summary>The canonical compact form, e.g. <c>doi:10.5281/zenodo.123</c>.</summary>
    public override string ToString() => Prefix + Id;

    /// <summary>The PID's own global resolver URL (null for PHD accessions: we are their resolver).</summary>
    public string? ResolverUrl => Scheme switch
    {
        PidScheme.Rrid => "https://identifiers.org/RRID:" + Id,
        PidScheme.Ror => "https://ror.org/" + Id,
        PidScheme.Doi => "https://doi.org/" + Id,
        PidScheme.Handle => "https://hdl.handle.net/" + Id,
        _ => null,
    };

    /// <summary>Whether the PID may stand in the facility segment of a concatenation.</summary>
    public bool CanBeFacility => Scheme is PidScheme.Rrid or PidScheme.Ror or PidScheme.Phd;

    /// <summary>Whether the PID may stand in the model segment of a concatenation.</summary>
    public bool CanBeModel => Scheme is PidScheme.Rrid or PidScheme.Phd;

    /// <summary>Whether the PID may name an instrument instance.</summary>
    public bool CanBeInstance => Scheme is PidScheme.Doi or PidScheme.Handle or PidScheme.Phd;

    public static Pid FromAccession(PhdAccession a) => new(PidScheme.Phd, a.ToString()[PhdAccession.Prefix.Length..]);

    public static Pid Parse(string text) => PidParser.ParsePid(text);
}
