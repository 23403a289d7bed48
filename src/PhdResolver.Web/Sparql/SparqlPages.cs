using PhdResolver.Sparql.Results;
using PhdResolver.Web.Infrastructure;

namespace PhdResolver.Web.Sparql;

/// <summary>The HTML query page and HTML result pages (<c>Pages/SparqlQuery.cshtml</c>, <c>Pages/SparqlResult.cshtml</c>).</summary>
internal static class SparqlPages
{
    /// <summary>The query form with <paramref name="query"/> in the editor (the first example when null).</summary>
    public static RazorSlices.RazorSlice QueryPage(string? query) => Pages.SparqlQuery.Create(query ?? SparqlExamples.All[0].Query);

    /// <summary>An HTML page with the result, written as the rows are evaluated.
    /// <paramref name="warning"/> is asked after the last row (e.g. the result was cut at the row limit).</summary>
    public static void WriteResult(TextWriter w, QueryResult result, string query, Func<string?>? warning = null) =>
        Slices.Write(w, Pages.SparqlResult.Create(new SparqlResultPage { Result = result, Query = query, Warning = warning }));
}

/// <summary>The model of <c>Pages/SparqlResult.cshtml</c>.</summary>
public sealed class SparqlResultPage
{
    internal QueryResult Result { get; init; } = null!;
    internal string Query { get; init; } = "";
    internal Func<string?>? Warning { get; init; }
}
