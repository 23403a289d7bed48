using PhdResolver.Rdf;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Validation;

namespace PhdResolver.Registry;

/// <summary>
/// One record of a batch (<see cref="RegistryService.WriteBatch"/>): the same input as the single
/// registration it stands for, plus where it came from, so a refusal can name it.
/// </summary>
public abstract record BatchItem
{
    /// <summary>Where the record came from, as a person finds it again: <c>line 12</c>, <c>instances/lsm980.json</c>.</summary>
    public required string Position { get; init; }

    /// <summary>
    /// A name later records of the same batch refer to this one by, as <c>ref:KEY</c> wherever they name a
    /// record (an instance's facility, model and owner; a descriptor's instance). Needed when the batch mints
    /// the PID (a facility without RRID or ROR, an instrument without DOI): the client cannot know it yet.
    /// </summary>
    public string? Key { get; init; }
}

/// <summary>A facility, as <see cref="RegistryService.RegisterFacility"/> takes it (only an administrator may).</summary>
public sealed record BatchFacility : BatchItem
{
    public required NewFacility Input { get; init; }
}

/// <summary>An instrument model, as <see cref="RegistryService.RegisterModel"/> takes it.</summary>
public sealed record BatchModel : BatchItem
{
    public required NewModel Input { get; init; }
}

/// <summary>An instrument instance, as <see cref="RegistryService.RegisterInstance"/> takes it; its facility, model and owner may be <c>ref:KEY</c>.</summary>
public sealed record BatchInstance : BatchItem
{
    public required NewInstance Input { get; init; }
}

/// <summary>
/// A configuration version, as <see cref="RegistryService.SubmitValidated"/> takes it: validated at
/// <see cref="Tier"/> and refused unless it conforms. <see cref="Instance"/> is a PID (any spelling) or <c>ref:KEY</c>.
/// </summary>
public sealed record BatchDescriptor : BatchItem
{
    public required string Instance { get; init; }
    public required Dataset Graph { get; init; }
    public required int Tier { get; init; }
}

/// <summary>What a batch did with one record: its PID and canonical path; <see cref="Created"/> is false for a descriptor identical to the current version.</summary>
public sealed record BatchEntry(string Position, PidLevel Level, string Pid, string Path, bool Created);

/// <summary>The answer to a committed batch, one entry per record in input order.</summary>
public sealed record BatchResult(IReadOnlyList<BatchEntry> Entries)
{
    public int Created => Entries.Count(e => e.Created);
}

/// <summary>Which stage a batch is in, and how many records it has passed (for progress bars).</summary>
public enum BatchStage : byte
{
    /// <summary>Descriptors are validated against their tier's shapes (in parallel, from before the write gate on, while staging begins).</summary>
    Validating,
    /// <summary>Records are checked, minted and staged in order, under the write gate; nothing is visible yet.</summary>
    Staging,
    /// <summary>The one transaction commits (rows, quads, audit, search generation), then the search index follows.</summary>
    Committing,
    Done,
}

public readonly record struct BatchProgress(BatchStage Stage, int Done, int Total);

/// <summary>
/// A batch refused because of one record: nothing of the batch was written. <see cref="Index"/> (from 0) and
/// <see cref="Position"/> name the record, the message says why (it starts with the position).
/// </summary>
public sealed class BatchRecordException : Exception
{
    public BatchRecordException() { }
    public BatchRecordException(string message) : base(message) { }
    public BatchRecordException(string message, Exception inner) : base(message, inner) { }

    internal BatchRecordException(int index, string position, string reason, RegistryErrorKind kind, Exception? inner = null)
        : base($"{position}: {reason}; nothing of the batch was written", inner)
    {
        Index = index;
        Position = position;
        Reason = reason;
        Kind = kind;
    }

    public int Index { get; }
    public string Position { get; } = "";
    /// <summary>Why the record was refused, without the position.</summary>
    public string Reason { get; } = "";
    public RegistryErrorKind Kind { get; }
    /// <summary>The input field, when the refusal is about one.</summary>
    public string? Field { get; init; }
    /// <summary>The offending subjects of a descriptor that speaks for other records.</summary>
    public IReadOnlyList<string> Subjects { get; init; } = [];
    /// <summary>The validation report of a descriptor that does not conform at its tier.</summary>
    public DescriptorReport? Report { get; init; }
}
