using BrightFunnel.Warehouse.Impala.Engine.Sql.Dialect;
using BrightFunnel.Warehouse.Impala.Staging;
using BrightFunnel.Warehouse.Impala.Types;
using BrightFunnel.Warehouse.Orchestrator.Offload;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>Every Impala statement of sql/impala, with its variables filled in as the offload fills them, passes the dialect guard.</summary>
[TestClass]
public sealed class OffloadSqlDialectTests
{
    static readonly Dictionary<string, string> Variables = new() { ["tenant_db"] = "bfw_acme", ["run"] = "42" };

    public static IEnumerable<object[]> Statements() =>
        new[] { OffloadScripts.Attribute(SqlRoot), OffloadScripts.Aggregate(SqlRoot) }
            .SelectMany(s => s.Statements().Select(name => new object[] { s.Describe(name), s.Statement(name, Variables) }));

    static string SqlRoot => Path.Combine(AppContext.BaseDirectory, "sql");

    [TestMethod]
    public void EveryStepHasStatements() => Assert.IsTrue(Statements().Count() >= 10, "sql/impala was not copied beside the tests");

    [TestMethod]
    [DynamicData(nameof(Statements))]
    public void PassesTheGuardInBothReservedWordsVersions(string file, string sql)
    {
        foreach (var version in Enum.GetValues<ReservedWordsVersion>())
        {
            var violation = ImpalaDialect.Check(sql, version, "bfw_acme");
            Assert.IsNull(violation, $"{file} ({version.Name()}): {violation}");
        }
    }
}

/// <summary>The offload's generated DDL quotes every name, so staged columns named like reserved words pass.</summary>
[TestClass]
public sealed class ImpalaDdlDialectTests
{
    static readonly string[] Names = ["position", "location", "date", "select", "default"];

    public static IEnumerable<object[]> Statements() =>
    [
        [ImpalaDdl.CreateDatabase("bfw_acme_run42")],
        [ImpalaDdl.CreateExternalTable("bfw_acme_run42", "date",
            Names.Select(n => new StagedColumn(n, ImpalaType.String)), "/staging/acme/42/date")],
        [ImpalaDdl.Refresh("bfw_acme_run42", "position")],
        [ImpalaDdl.ComputeStats("bfw_acme_run42", "location")],
        [ImpalaDdl.DropTable("bfw_acme_run42", "select")],
    ];

    [TestMethod]
    [DynamicData(nameof(Statements))]
    public void PassesTheGuard(string sql) => Assert.IsNull(ImpalaDialect.Check(sql), sql);

    [TestMethod]
    public void TheSameColumnsUnquotedAreRefused() =>
        Assert.IsNotNull(ImpalaDialect.Check($"CREATE TABLE t ({string.Join(", ", Names.Select(n => n + " STRING"))})"));
}
