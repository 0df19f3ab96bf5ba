using BrightFunnel.Warehouse.Impala.Engine.Sql.Dialect;
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
