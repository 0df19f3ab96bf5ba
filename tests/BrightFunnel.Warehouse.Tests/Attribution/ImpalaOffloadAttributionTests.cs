using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Tests.Impala;
using Dapper;
using static BrightFunnel.Warehouse.Tests.CanonicalRows;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Attribution;

/// <summary>
/// The hand-computed cases on the Impala offload, against the local engine over TCP, and what a
/// failure anywhere in the offload leaves behind: the previous attribution, the cause, nothing
/// staged — and a rerun that succeeds.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class ImpalaOffloadAttributionTests : HandComputedAttributionTests
{
    TestEngine engine = null!;
    long run;

    [TestInitialize]
    public void StartEngine() => engine = TestEngine.Start();

    [TestCleanup]
    public async Task StopEngine() => await engine.DisposeAsync();

    protected override void Attribute() => Attribute(tenant.Settings.SqlRoot);

    protected override ImpalaSettings Impala => engine.OffloadSettings();

    void Attribute(string sqlRoot, ImpalaSettings? settings = null) =>
        new ImpalaAttributionEngine(tenant.Id, ++run, tenant.ConnectionString, settings ?? engine.OffloadSettings(fetchSize: 3), sqlRoot).Offload();

    /// <summary>What readers see of the attribution: where it is, when it was built, and the pairs and credits the cluster shows.</summary>
    (string Engine, long? Run, DateTime BuiltAt, int Pairs, int Credits) InPlace()
    {
        using var c = tenant.Open();
        var info = AttributionBuildInfo.Read(c)!;
        var pairs = Pairs();
        return (info.Engine, info.RunId, info.BuiltAt, pairs.Count, pairs.Sum(p => p.Shares.Values.Count(v => v is not null)));
    }

    /// <summary>The tenant's database on the cluster holds the published views and the tables of the run they point at, and nothing else is left.</summary>
    void AssertNothingLeftBehind()
    {
        using var c = tenant.Open();
        Assert.AreEqual(0L, c.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE '%\\_next'"), "shadow tables left in MySQL");
        var staged = Path.Combine(engine.Root, tenant.Id.Value);
        Assert.IsFalse(Directory.Exists(staged) && Directory.EnumerateFileSystemEntries(staged).Any(), "staged files left behind");
        var current = AttributionBuildInfo.Read(c)?.RunId;
        var session = engine.OpenSessionAsync().GetAwaiter().GetResult();
        var databases = session.QueryAsync("SHOW DATABASES").GetAwaiter().GetResult().Rows.Select(r => (string)r[0]!).ToList();
        Assert.IsFalse(databases.Any(d => d.StartsWith($"bfw_{tenant.Id.Value}_run", StringComparison.Ordinal)), $"run databases left: {string.Join(", ", databases)}");
        var tables = new ClusterAttribution(tenant.Id).TablesAsync(session).GetAwaiter().GetResult();
        string[] expected = current is { } r
            ? [.. ClusterAttribution.Views, .. ClusterAttribution.Views.Select(v => ClusterAttribution.RunTable(v, r))]
            : [];
        CollectionAssert.AreEquivalent(expected, tables.ToList(), "the tenant's database holds the views and the current run's tables only");
        session.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>A copy of the SQL folder with one Impala script replaced.</summary>
    static string SqlRootWith(string source, string script, string sql)
    {
        var root = Directory.CreateTempSubdirectory("bfw-sql-").FullName;
        foreach (var file in Directory.GetFiles(source, "*.sql", SearchOption.AllDirectories))
        {
            var target = Path.Combine(root, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        File.WriteAllText(Path.Combine(root, "impala", "attribute", script + ".sql"), sql);
        return root;
    }

    [TestMethod]
    public void AQueryErrorFailsTheStepNamingTheScriptAndKeepsThePreviousAttribution()
    {
        LoadJourney();
        var before = InPlace();
        var broken = SqlRootWith(tenant.Settings.SqlRoot, "at_milestones",
            "CREATE TABLE at_milestones STORED AS PARQUET AS SELECT no_such_column FROM at_positions");
        try
        {
            var e = Assert.ThrowsExactly<Hs2QueryException>(() => Attribute(broken));
            StringAssert.Contains(e.Message, "sql/impala/attribute/at_milestones.sql");
            StringAssert.Contains(e.Message, "no_such_column");
            Assert.IsFalse(TransientFailure.Is(e), "an SQL error is permanent");
        }
        finally
        {
            Directory.Delete(broken, true);
        }
        Assert.AreEqual(before, InPlace());
        AssertNothingLeftBehind();
        Attribute();
        Assert.AreEqual(("impala", before.Pairs, before.Credits), (InPlace().Engine, InPlace().Pairs, InPlace().Credits));
        AssertNothingLeftBehind();
    }

    [TestMethod]
    public void BrokenSharesFailTheInvariantCheckBeforeAnythingIsCopied()
    {
        LoadJourney();
        var before = InPlace();
        var source = File.ReadAllText(Path.Combine(tenant.Settings.SqlRoot, "impala", "attribute", "at_paths.sql"));
        const string linear = "CASE WHEN e.{{model}}_on = 1 THEN CAST(1 AS DOUBLE) / k.touch_count END";
        StringAssert.Contains(source, linear);
        var broken = SqlRootWith(tenant.Settings.SqlRoot, "at_paths", source.Replace(linear, linear.Replace("CAST(1 AS", "CAST(2 AS")));
        try
        {
            var e = Assert.ThrowsExactly<AttributionInvariantException>(() => Attribute(broken));
            StringAssert.Contains(e.Message, "linear");
            StringAssert.Contains(e.Message, Id("006", "1"));
        }
        finally
        {
            Directory.Delete(broken, true);
        }
        Assert.AreEqual(before, InPlace());
        AssertNothingLeftBehind();
    }

    [TestMethod]
    public async Task AnEngineThatIsGoneFailsTheStepAsTransientAndARestartedOneStillHoldsTheAttribution()
    {
        LoadJourney();
        var before = InPlace();
        var settings = engine.OffloadSettings();
        await engine.StopAsync();
        var e = Assert.Throws<Exception>(() => Attribute(tenant.Settings.SqlRoot, settings));
        Assert.IsTrue(TransientFailure.Is(e), $"an unreachable engine is worth a retry: {e}");
        StringAssert.Contains(e.Message, $"127.0.0.1:{settings.Port}");

        engine.StartAgain();
        Assert.AreEqual(before, InPlace(), "the restarted engine serves the attribution it held");
        AssertNothingLeftBehind();
        Attribute();
        Assert.AreEqual((before.Pairs, before.Credits), (InPlace().Pairs, InPlace().Credits));
        Assert.IsGreaterThan(before.BuiltAt, InPlace().BuiltAt);
    }

    [TestMethod]
    [DataRow("CREATE TABLE at_milestones", DisplayName = "while it builds the run's tables")]
    [DataRow("ALTER VIEW", DisplayName = "while it publishes")]
    public async Task TheEngineKilledDuringTheStepFailsItAsTransientKeepsThePreviousAttributionAndARerunSucceeds(string marker)
    {
        LoadJourney();
        Attribute(); // a second run: the views exist, so publishing is ALTER VIEW
        var before = InPlace();
        await using var tripwire = new EngineTripwire(() => engine.Engine.Port, marker, engine.StopAsync);
        var settings = engine.OffloadSettings();
        settings.Port = tripwire.Port;
        var e = Assert.Throws<Exception>(() => Attribute(tenant.Settings.SqlRoot, settings));
        Assert.IsTrue(tripwire.Tripped, "the offload never sent the statement the engine was to die on");
        Assert.IsTrue(TransientFailure.Is(e), $"a lost engine is worth a retry: {e}");

        engine.StartAgain();
        Assert.AreEqual(before, InPlace(), "the previous attribution is in place, on both sides");
        Attribute();
        Assert.AreEqual((before.Pairs, before.Credits), (InPlace().Pairs, InPlace().Credits));
        AssertNothingLeftBehind();
    }

    [TestMethod]
    public void EachRunPublishesItsOwnTablesAndDropsThePreviousOnes()
    {
        LoadJourney();
        var first = InPlace();
        Attribute();
        var second = InPlace();
        Assert.AreEqual(first.Run + 1, second.Run);
        AssertNothingLeftBehind();
        using var c = tenant.Open();
        var info = AttributionBuildInfo.Read(c)!;
        Assert.AreEqual(($"bfw_{tenant.Id.Value}", (long?)second.Pairs, (long)second.Credits), (info.ClusterDatabase, info.PathRows, info.CreditRows));
        Assert.AreEqual(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM at_paths"), "the pairs never land in MySQL");
        Assert.AreEqual(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM at_unattributed"));
        Assert.IsGreaterThan(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM at_person_accounts"), "the analytics still read the person → account map here");
        // Staged from the view while MySQL's table was built beside the cluster's work: one map on both sides.
        var mysqlMap = c.Query<(string, string)>("SELECT person_id, account_id FROM at_person_accounts").Select(r => $"{r.Item1}→{r.Item2}").ToList();
        var session = engine.OpenSessionAsync().GetAwaiter().GetResult();
        var clusterMap = session.QueryAsync($"SELECT person_id, account_id FROM bfw_{tenant.Id.Value}.at_staged_person_accounts").GetAwaiter().GetResult()
            .Rows.Select(r => $"{r[0]}→{r[1]}").ToList();
        session.DisposeAsync().AsTask().GetAwaiter().GetResult();
        CollectionAssert.AreEquivalent(mysqlMap, clusterMap, "the cluster's person → account map is MySQL's");
    }
}
