using System.Globalization;
using PhdResolver.Registry.Pids;
using Xunit.Abstractions;

namespace PhdResolver.Registry.Tests.Relevance;

/// <summary>
/// Relevance is a test: the judged queries of <see cref="JudgedQueries"/> over a seeded corpus of
/// <see cref="InstrumentGenerator"/> instruments registered through the registry. Hits are read as
/// instruments (an instance or any of its versions; facility and model records skipped) in rank
/// order. MRR is the mean of 1/rank of the first relevant instrument; recall@10 the share of the
/// relevant instruments (at most 10) among the first 10. The numbers are printed (README).
/// </summary>
public sealed class RelevanceTests(ITestOutputHelper output)
{
    private const int Corpus = 240;

    [Fact]
    public void Judged_queries_reach_mrr_0_9_and_recall_at_10_0_95()
    {
        using var t = new TestRegistry();
        var corpus = InstrumentGenerator.Generate(Corpus);
        InstrumentGenerator.Register(t.Registry, corpus);
        var byPid = corpus.ToDictionary(g => g.Identifier, StringComparer.Ordinal);
        var versionOwner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var g in corpus)
            foreach (var v in t.Registry.GetVersions(Pid.Parse(g.Identifier))) versionOwner[v.Accession.ToString()] = g.Identifier;

        Assert.True(JudgedQueries.All.Length >= 40);
        double mrrSum = 0, recallSum = 0;
        var lines = new List<string>();
        foreach (var q in JudgedQueries.All)
        {
            var relevant = corpus.Where(q.Relevant).Select(g => g.Identifier).ToHashSet(StringComparer.Ordinal);
            Assert.True(relevant.Count > 0, $"the corpus has no instrument relevant to '{q.Text}': change the seed or the query");
            var ranked = new List<string>();
            foreach (var h in t.Registry.Search(q.Text, null, 1, 100).Hits)
            {
                string? owner = h.Level == PidLevel.Instance ? h.Pid : h.Level == PidLevel.Descriptor ? versionOwner.GetValueOrDefault(h.Pid) : null;
                if (owner is not null && !ranked.Contains(owner)) ranked.Add(owner);
            }
            int first = ranked.FindIndex(relevant.Contains);
            double rr = first < 0 ? 0 : 1.0 / (first + 1);
            double recall = ranked.Take(10).Count(relevant.Contains) / (double)Math.Min(10, relevant.Count);
            mrrSum += rr;
            recallSum += recall;
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{q.Kind,-8} {q.Text,-36} relevant {relevant.Count,3}  RR {rr:0.00}  recall@10 {recall:0.00}"));
        }
        double mrr = mrrSum / JudgedQueries.All.Length, recall10 = recallSum / JudgedQueries.All.Length;
        foreach (var l in lines) output.WriteLine(l);
        string summary = string.Create(CultureInfo.InvariantCulture, $"{JudgedQueries.All.Length} judged queries over {Corpus} instruments: MRR {mrr:0.000}, recall@10 {recall10:0.000}");
        output.WriteLine(summary);
        Console.WriteLine(summary);
        Assert.True(mrr >= 0.9, summary + "\n" + string.Join('\n', lines.Where(l => !l.Contains("RR 1.00  recall@10 1.00", StringComparison.Ordinal))));
        Assert.True(recall10 >= 0.95, summary + "\n" + string.Join('\n', lines.Where(l => !l.Contains("recall@10 1.00", StringComparison.Ordinal))));
    }
}
