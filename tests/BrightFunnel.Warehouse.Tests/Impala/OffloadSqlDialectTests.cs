using BrightFunnel.Warehouse.Impala.Engine.Sql.Dialect;
using BrightFunnel.Warehouse.Impala.Staging;
using BrightFunnel.Warehouse.Impala.Types;
using BrightFunnel.Warehouse.Migrations;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>Every Impala statement of sql/impala, with its variables filled in as the offload fills them, passes the dialect guard.</summary>
[TestClass]
public sealed class OffloadSqlDialectTests
{
    static readonly Dictionary<string, string> Variables = new()
    {
        ["tenant_db"] = "bfw_acme", ["run"] = "42", ["web_touches"] = "`bfw_acme`.`web_touches`", ["count_web_touches"] = "1",
    };

    /// <summary>The models a tenant has after migration, and one more of each kind, so every model loop writes something out twice.</summary>
    static readonly ModelTemplate Models = new(
    [
        new("first_touch", "first_touch"), new("last_touch", "last_touch"), new("linear", "linear"), new("u_shaped", "position"),
        new("j_shaped", "position"), new("inverse_j", "position"), new("custom_xyx", "position"), new("w_shaped", "milestone"),
        new("full_path", "milestone"), new("time_decay", "time_decay"), new("decay_30", "time_decay"), new("won_too", "milestone"),
        new("late_heavy", "position"), new("first_again", "first_touch"), new("last_again", "last_touch"), new("even", "linear"),
    ]);

    /// <summary>The relations the Impala offload names in the statements both engines share (sql/shared).</summary>
    static readonly Dictionary<string, string> SharedRelations = new()
    {
        ["paths"] = "`bfw_acme`.at_paths_r42", ["position_weights"] = "`bfw_acme`.at_position_weights_r42", ["models"] = "cfg_models",
    };

    public static IEnumerable<object[]> Statements() =>
        new[] { EngineScripts.Attribute(SqlRoot, () => Models), EngineScripts.Aggregate(SqlRoot, () => Models) }
            .SelectMany(s => s.PrepareStatements().Concat(s.Statements())
                .Select(name => new object[] { s.Describe(name), s.Statement(name, Variables) }))
            .Concat(EngineScripts.Web(SqlRoot) is var web
                ? web.Statements().Concat(web.StatementsIn(EngineScripts.AnalyticsFolder)).Select(name => new object[] { web.Describe(name), web.Statement(name, Variables) })
                : [])
            .Concat(EngineScripts.Shared(SqlRoot, () => Models) is var shared
                ? shared.Statements().Select(name => new object[] { shared.Describe(name), shared.Statement(name, SharedRelations) })
                : []);

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
