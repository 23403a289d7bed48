using PhdResolver.Rdf;
using PhdResolver.Registry;
using PhdResolver.Sparql;
using PhdResolver.Store;
using PhdResolver.Web.Infrastructure;

namespace PhdResolver.Web.Tests;

/// <summary>The one table from typed errors to problem details (<see cref="Problems.Of"/>): each kind its status,
/// positions as extensions, no message of a storage or unknown error passed on.</summary>
public sealed class ErrorTableTests
{
    public static TheoryData<Exception, int> Kinds() => new()
    {
        { new SparqlSyntaxException("expected '}'", 3, 7), 400 },
        { new RdfSyntaxException("bad IRI", 2, 1), 400 },
        { new InvalidUtf8Exception(12), 400 },
        { new SparqlTimeoutException(TimeSpan.FromSeconds(1)), 503 },
        { new SparqlLimitException("too many rows"), 422 },
        { new SparqlRefusedException("SERVICE is not allowed"), 403 },
        { new SparqlEvaluationException("graph exists"), 400 },
        { new RegistryException(RegistryErrorKind.NotFound, "no such record"), 404 },
        { new RegistryException(RegistryErrorKind.Conflict, "already registered"), 409 },
        { new RegistryException(RegistryErrorKind.Gone, "withdrawn"), 410 },
        { new RegistryException(RegistryErrorKind.Invalid, "bad homepage") { Field = "homepage" }, 422 },
        { new RegistryException(RegistryErrorKind.Invalid, "about other records") { Subjects = ["http://x/a"] }, 422 },
        { new StoreException(StoreErrorKind.Busy, "/data/phd.db is locked"), 503 },
        { new StoreException(StoreErrorKind.Full, "/data/phd.db: disk full"), 503 },
        { new Registry.Search.SearchQueryException("unclosed quote"), 400 },
        { new System.Text.Json.JsonException("'x' is invalid. Path: $ | LineNumber: 0", "$", 0, 3), 400 },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_kind_has_its_status(Exception error, int status) => Assert.Equal(status, Problems.Of(error)?.Status);

    [Fact]
    public void Syntax_errors_carry_their_position()
    {
        var p = Problems.Of(new SparqlSyntaxException("expected '}'", 3, 7))!;
        Assert.Equal(3L, p.Extensions!["line"]);
        Assert.Equal(7L, p.Extensions["column"]);
        var j = Problems.Of(new RdfSyntaxException("not an IRI", "$[\"@id\"]"))!;
        Assert.Equal("$[\"@id\"]", j.Extensions!["jsonPath"]);
    }

    [Fact]
    public void Storage_and_unknown_errors_do_not_leak_their_message()
    {
        var store = Problems.Of(new StoreException(StoreErrorKind.Corrupt, "/secret/path/phd.db is damaged"))!;
        Assert.DoesNotContain("/secret", store.Detail, StringComparison.Ordinal);
        Assert.NotNull(Problems.Of(new StoreException(StoreErrorKind.Busy, "locked"))!.RetryAfter);
        Assert.Null(Problems.Of(new InvalidOperationException("/secret/path")));
        var fallback = Problems.For(new InvalidOperationException("/secret/path"));
        Assert.Equal(500, fallback.Status);
        Assert.DoesNotContain("/secret", fallback.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_table_decides_by_type_and_kind_not_by_message()
    {
        // The same words in a different type: the type decides.
        Assert.Equal(400, Problems.Of(new SparqlEvaluationException("SERVICE <x> failed"))!.Status);
        Assert.Equal(403, Problems.Of(new SparqlRefusedException("LOAD is not allowed"))!.Status);
    }
}
