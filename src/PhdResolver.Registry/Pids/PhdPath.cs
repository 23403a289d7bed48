using System.Text;

namespace PhdResolver.Registry.Pids;

/// <summary>
/// A parsed reference: either a concatenated PHD <c>/{facility}/{model}/{instance}/{config}</c>
/// (any prefix of it), or a lone PID <c>/{pid}</c> whose level only the registry knows (an RRID
/// may be a facility or a model), optionally followed by a config segment when the lone PID is an
/// instance (<c>/doi:10.5281/zenodo.123/c2</c>).
/// </summary>
public sealed record PhdPath
{
    /// <summary>A lone PID (then Facility, Model and Instance are null).</summary>
    public Pid? Single { get; init; }
    public Pid? Facility { get; init; }
    public Pid? Model { get; init; }
    public Pid? Instance { get; init; }
    public ConfigRef? Config { get; init; }

    /// <summary>True when the input was exactly <see cref="ToString"/> (else the web layer 301s to it).</summary>
    public bool WasCanonical { get; init; }

    public bool IsSingle => Single is not null;

    /// <summary>The level the path names by its shape (a lone PID: unknown until looked up, null).</summary>
    public PidLevel? Level =>
        Config is not null ? PidLevel.Descriptor
        : Instance is not null ? PidLevel.Instance
        : Model is not null ? PidLevel.Model
        : Facility is not null ? PidLevel.Facility
        : null;

    public static PhdPath OfPid(Pid pid, ConfigRef? config = null) => new() { Single = pid, Config = config, WasCanonical = true };

    public static PhdPath Of(Pid facility, Pid? model = null, Pid? instance = null, ConfigRef? config = null)
    {
        if (instance is not null && model is null) throw new ArgumentException("an instance needs a model segment");
        if (config is not null && instance is null) throw new ArgumentException("a config needs an instance segment");
        return new() { Facility = facility, Model = model, Instance = instance, Config = config, WasCanonical = true };
    }

    /// <summary>The canonical path, starting with <c>/</c>, no trailing slash, no percent-encoding.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(96);
        if (Single is { } s) sb.Append('/').Append(s.ToString());
        else
        {
            if (Facility is { } f) sb.Append('/').Append(f.ToString());
            if (Model is { } m) sb.Append('/').Append(m.ToString());
            if (Instance is { } i) sb.Append('/').Append(i.ToString());
        }
        if (Config is { } c) sb.Append('/').Append(c.ToString());
        return sb.ToString();
    }
}
