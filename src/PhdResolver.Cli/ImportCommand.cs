using System.CommandLine;
using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using PhdResolver.Rdf;
using PhdResolver.Registry;
using PhdResolver.Store;

namespace PhdResolver.Cli;

/// <summary>
/// <c>phd import SOURCE --data DIR [--base-uri URI] [--tier N] [--list]</c>: registers a folder or an archive
/// (.zip, .tar.gz/.tgz) of records, or an NDJSON batch file (.ndjson/.jsonl, the lines of <c>POST /api/batch</c>),
/// in ONE registry write (<see cref="RegistryService.WriteBatch"/>): all records or, when one is refused, none,
/// with its file name (or line) and the reason (exit 1).
/// <para>
/// Layout (any folder depth, so an archive may wrap it in a top folder): <c>facilities/*.json</c>,
/// <c>models/*.json</c>, <c>instances/*.json</c> (each the JSON body the write API takes for that record, plus an
/// optional <c>key</c>; its file name without extension is the key otherwise), and <c>descriptors/NAME.ext</c> or
/// <c>descriptors/NAME.N.ext</c>: configuration versions of the instrument whose key is NAME, in order of N (any RDF
/// syntax by extension, or a Micro-Meta App .json), validated at <c>--tier</c>. An instance names its facility and
/// model by PID or, when this import mints it, as <c>ref:KEY</c>.
/// </para>
/// </summary>
internal static class ImportCommand
{
    /// <summary>Most bytes read from one source (a zip or tar bomb is refused before it fills memory).</summary>
    internal const long MaxSourceBytes = 4L * 1024 * 1024 * 1024;

    private static readonly string[] Levels = ["facilities", "models", "instances", "descriptors"];
    private static readonly string[] LevelTypes = ["facility", "model", "instance", "descriptor"];

    public static Command Create()
    {
        var source = new Argument<string>("source") { Description = "a folder, a .zip or .tar.gz archive of records, or an NDJSON batch (.ndjson, .jsonl)" };
        var data = new Option<string>("--data") { Description = "the registry's data directory", DefaultValueFactory = _ => "./data" };
        var baseUri = new Option<string?>("--base-uri") { Description = "public base URI of a new registry (its record IRIs); an existing registry keeps its own" };
        var tier = new Option<int>("--tier", "-t") { Description = "the tier descriptor files are validated at and declared (1, 2 or 3)", DefaultValueFactory = _ => 1 };
        var list = new Option<bool>("--list") { Description = "print one line per record: position, PID, path (tab-separated)" };
        var cmd = new Command("import", "Register a folder or archive of records in one all-or-nothing write") { source, data, baseUri, tier, list };
        cmd.SetAction(pr => Run(pr.GetValue(source)!, pr.GetValue(data)!, pr.GetValue(baseUri), pr.GetValue(tier), pr.GetValue(list)));
        return cmd;
    }

    private static int Run(string source, string data, string? baseUri, int tier, bool list)
    {
        if (tier is < 1 or > 3) return Exit.Fail($"--tier must be 1, 2 or 3, not {tier}", Exit.Usage);
        if (!File.Exists(source) && !Directory.Exists(source)) return Exit.Fail($"no such file or folder: {source}", Exit.Usage);
        bool existing = RegistryService.IsRegistryDirectory(data);
        if (!existing && File.Exists(Path.Combine(data, QuadStore.DatabaseFileName)))
            return Exit.Fail($"{data} is a bare store, not a registry (`phd load` made it); import into a registry's data directory or a new one", Exit.Usage);
        Uri? bu = null;
        if (baseUri is not null)
        {
            string b = baseUri.EndsWith('/') ? baseUri : baseUri + "/";
            if (IriSyntax.CheckAbsolute(b, IriSyntax.Web) is { } bad) return Exit.Fail($"--base-uri: not an absolute http or https IRI: {b}: {bad}", Exit.Usage);
            if (b.Contains('?') || b.Contains('#')) return Exit.Fail($"--base-uri: the base IRI may have no query or fragment: {b}", Exit.Usage);
            bu = new Uri(b);
        }
        else if (!existing) return Exit.Fail($"{data} holds no registry yet: give --base-uri (the public base of its record IRIs, as `phd serve` will use it)", Exit.Usage);

        var progress = ProgressBar.ForStandardError();
        var clock = Stopwatch.StartNew();
        List<BatchItem> items;
        try
        {
            items = Read(source, tier, progress);
        }
        catch (BatchRecordException e)
        {
            progress.Interrupt();
            return Exit.Fail(e.Message, Exit.BadInput);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidUtf8Exception or TarEntryTooLargeException)
        {
            progress.Interrupt();
            return Exit.Fail($"{source}: {e.Message}", Exit.BadInput);
        }
        if (items.Count == 0) return Exit.Fail($"{source} holds no records (facilities/, models/, instances/, descriptors/ or NDJSON lines)", Exit.BadInput);

        QuadStore store;
        try
        {
            Directory.CreateDirectory(data);
            store = QuadStore.Open(data);
        }
        catch (StoreException e) when (e.Kind == StoreErrorKind.InUse)
        {
            return Exit.Fail($"{data}: the data directory is in use (stop `phd serve` first, or send the batch to its POST /api/batch)", Exit.BadInput);
        }
        BatchResult result;
        using (store)
        using (var reg = RegistryService.Open(store, new RegistryOptions { BaseUri = bu ?? DumpCommand.BackupBase }))
        {
            try
            {
                result = reg.WriteBatch(items, "cli", p => progress.Report(Stage(p.Stage), p.Stage == BatchStage.Committing ? 0 : p.Done, p.Total));
                reg.SearchIndexReady.Wait(); // a rebuild started at open finishes before the process ends
            }
            catch (BatchRecordException e)
            {
                progress.Interrupt();
                Exit.Fail(e.Message, Exit.BadInput);
                if (e.Report is { } r)
                    foreach (var v in r.Violations.Take(20)) Console.Error.WriteLine($"phd:   tier {v.Tier}: {v.FocusNode}: {v.Message}");
                foreach (var s in e.Subjects.Take(20)) Console.Error.WriteLine($"phd:   {s}");
                return Exit.BadInput;
            }
            catch (RegistryException e)
            {
                progress.Interrupt();
                return Exit.Fail(e.Message, Exit.BadInput);
            }
        }
        if (list)
            foreach (var e in result.Entries) Console.Out.WriteLine($"{e.Position}\t{e.Pid}\t{e.Path}");
        var byLevel = result.Entries.Where(e => e.Created).GroupBy(e => e.Level).ToDictionary(g => g.Key, g => g.Count());
        var c = CultureInfo.InvariantCulture;
        int Count(Registry.Pids.PidLevel l) => byLevel.GetValueOrDefault(l);
        string summary = string.Format(c, "phd: imported {0:N0} records ({1} facilities, {2} models, {3} instruments, {4} configurations) in {5:F1} s",
            result.Created, Count(Registry.Pids.PidLevel.Facility), Count(Registry.Pids.PidLevel.Model), Count(Registry.Pids.PidLevel.Instance),
            Count(Registry.Pids.PidLevel.Descriptor), clock.Elapsed.TotalSeconds);
        if (result.Created < result.Entries.Count) summary += string.Format(c, "; {0} identical to the current version, not repeated", result.Entries.Count - result.Created);
        Console.Error.WriteLine(summary);
        return Exit.Ok;
    }

    private static string Stage(BatchStage s) => s switch
    {
        BatchStage.Validating => "validating",
        BatchStage.Staging => "registering",
        BatchStage.Committing => "committing",
        _ => "done",
    };

    /// <summary>The records of <paramref name="source"/>, in registration order (facilities, models, instances, descriptors; by path within each).</summary>
    internal static List<BatchItem> Read(string source, int tier, ProgressBar? progress)
    {
        if (File.Exists(source) && (source.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase) || source.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)))
        {
            using var f = File.OpenRead(source);
            var text = StrictUtf8.ReadToEnd(new LimitedStream(f, MaxSourceBytes));
            return RecordInput.ParseBatch(text);
        }
        var files = Directory.Exists(source) ? FromFolder(source) : FromArchive(source);
        // Each file's place says what it is: the nearest folder named after a level.
        var records = new List<(int Level, string Path, string Stem, int Version, byte[] Bytes)>();
        foreach (var (path, bytes) in files)
        {
            var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || parts[^1].StartsWith('.')) continue;
            int level = Array.IndexOf(Levels, parts[^2].ToLowerInvariant());
            if (level < 0) continue;
            string name = parts[^1];
            string stem = name.Contains('.') ? name[..name.LastIndexOf('.')] : name;
            int version = 0;
            if (level == 3 && stem.LastIndexOf('.') is int dot and > 0 && int.TryParse(stem.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int n))
                (stem, version) = (stem[..dot], n);
            records.Add((level, path, stem, version, bytes));
        }
        records.Sort((a, b) => a.Level != b.Level ? a.Level.CompareTo(b.Level)
            : a.Level == 3 && a.Stem != b.Stem ? string.CompareOrdinal(a.Stem, b.Stem)
            : a.Level == 3 && a.Version != b.Version ? a.Version.CompareTo(b.Version)
            : string.CompareOrdinal(a.Path, b.Path));
        var items = new BatchItem[records.Count];
        var failures = new System.Collections.Concurrent.ConcurrentDictionary<int, BatchRecordException>();
        int done = 0;
        Parallel.For(0, records.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, (k, loop) =>
        {
            var r = records[k];
            try
            {
                string text;
                try { text = StrictUtf8.Decode(r.Bytes); }
                catch (InvalidUtf8Exception e) { throw new BatchRecordException($"{r.Path}: not valid UTF-8: {e.Message}; nothing of the batch was written", e); }
                items[k] = r.Level == 3
                    ? RecordInput.ParseDescriptorRecord(text, r.Path, "ref:" + r.Stem, tier, k, r.Path)
                    : WithDefaultKey(RecordInput.ParseBatchLine(text, k, r.Path, LevelTypes[r.Level]), r.Stem);
            }
            catch (BatchRecordException e)
            {
                failures[k] = e;
                loop.Break();
            }
            int d = Interlocked.Increment(ref done);
            progress?.Report("reading", d, records.Count);
        });
        if (!failures.IsEmpty) throw failures[failures.Keys.Min()];
        return [.. items];
    }

    private static BatchItem WithDefaultKey(BatchItem item, string stem) => item.Key is null ? item with { Key = stem } : item;

    private static IEnumerable<(string Path, byte[] Bytes)> FromFolder(string folder)
    {
        long total = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(file);
            if ((total += bytes.Length) > MaxSourceBytes) throw new InvalidDataException($"more than {MaxSourceBytes:N0} bytes of records");
            yield return (Path.GetRelativePath(folder, file).Replace('\\', '/'), bytes);
        }
    }

    /// <summary>Entries of a .zip or .tar.gz, read into memory (never extracted: names cannot escape anywhere), at most <see cref="MaxSourceBytes"/>.</summary>
    private static List<(string Path, byte[] Bytes)> FromArchive(string path)
    {
        var result = new List<(string, byte[])>();
        long total = 0;
        void Add(string name, Stream content)
        {
            using var ms = new MemoryStream();
            new LimitedStream(content, MaxSourceBytes - total).CopyTo(ms);
            total += ms.Length;
            result.Add((name.Replace('\\', '/'), ms.ToArray()));
        }
        string lower = path.ToLowerInvariant();
        if (lower.EndsWith(".zip", StringComparison.Ordinal))
        {
            using var zip = ZipFile.OpenRead(path);
            foreach (var e in zip.Entries)
            {
                if (e.FullName.EndsWith('/')) continue; // a folder
                using var s = e.Open();
                Add(e.FullName, s);
            }
        }
        else if (lower.EndsWith(".tar.gz", StringComparison.Ordinal) || lower.EndsWith(".tgz", StringComparison.Ordinal))
        {
            using var file = File.OpenRead(path);
            using var gz = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gz);
            while (tar.GetNextEntry() is { } e)
                if (e.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && e.DataStream is { } s) Add(e.Name, s);
        }
        else throw new UsageException($"{path}: not a folder, .zip, .tar.gz, .tgz, .ndjson or .jsonl");
        return result;
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes from the inner stream, then refuses (a decompression bomb stops here).</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = inner.Read(buffer, offset, count);
            if ((_read += n) > limit) throw new TarEntryTooLargeException($"the records exceed the limit of {MaxSourceBytes:N0} bytes");
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class TarEntryTooLargeException(string message) : Exception(message);
}
