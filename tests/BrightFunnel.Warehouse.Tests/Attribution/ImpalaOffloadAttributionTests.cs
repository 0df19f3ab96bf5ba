using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Offload;
using BrightFunnel.Warehouse.Tests.Impala;
using Dapper;
using static BrightFunnel.Warehouse.Tests.CanonicalRows;

namespace BrightFunnel.Warehouse.Tests.Attribution;

/// <summary>
/// The hand-computed cases on the Impala offload, against the local engine over TCP, and what a
/// failure anywhere in the offload leaves behind: the previous attribution, the cause, nothing
/// staged — and a rerun that succeeds.
/// </summary>
[TestClass]
public sealed class ImpalaOffloadAttributionTests : HandComputedAttributionTests
{
    TestEngine engine = null!;
    long run;

    [TestInitialize]
    public void StartEngine() => engine = TestEngine.Start();

    [TestCleanup]
    public async Task StopEngine() => await engine.DisposeAsync();

    protected override void Attribute() => Attribute(tenant.Settings.SqlRoot);

    void Attribute(string sqlRoot) =>
        new AttributeStep(tenant.ConnectionString).RunOnImpala(tenant.Id, ++run, engine.OffloadSettings(fetchSize: 3), sqlRoot);

    /// <summary>What readers see of the attribution: rows and when and by whom it was built.</summary>
    (long Credits, long Paths, string Engine, DateTime BuiltAt) InPlace()
    {
        using var c = tenant.Open();
        return (c.ExecuteScalar<long>("SELECT COUNT(*) FROM at_credits"), c.ExecuteScalar<long>("SELECT COUNT(*) FROM at_paths"),
            c.ExecuteScalar<string>("SELECT engine FROM at_build_info")!, c.ExecuteScalar<DateTime>("SELECT built_at FROM at_build_info"));
    }

    void AssertNothingLeftBehind()
    {
        using var c = tenant.Open();
        Assert.AreEqual(0L, c.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE '%\\_next'"), "shadow tables left in MySQL");
        Assert.IsEmpty(StagedFiles(), "staged files left behind");
    }

    /// <summary>The files under the engine root, but for the engine's own catalog (kept across runs, as Impala's metastore).</summary>
    List<string> StagedFiles()
    {
        var catalog = Path.Combine(engine.Root, BrightFunnel.Warehouse.Impala.Engine.Catalog.EngineCatalog.CatalogFolderName) + Path.DirectorySeparatorChar;
        return Directory.GetFiles(engine.Root, "*", SearchOption.AllDirectories).Where(f => !f.StartsWith(catalog, StringComparison.Ordinal)).ToList();
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
        File.WriteAllText(Path.Combine(root, "impala", script + ".sql"), sql);
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
            StringAssert.Contains(e.Message, "sql/impala/at_milestones.sql");
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
        Assert.AreEqual((before.Credits, before.Paths, "impala"), (InPlace().Credits, InPlace().Paths, InPlace().Engine));
    }

    [TestMethod]
    public void BrokenSharesFailTheInvariantCheckBeforeAnythingIsCopied()
    {
        LoadJourney();
        var before = InPlace();
        var source = File.ReadAllText(Path.Combine(tenant.Settings.SqlRoot, "impala", "at_paths.sql"));
        const string linear = "CASE WHEN e.linear_on = 1 THEN CAST(1 AS DOUBLE) / k.touch_count END";
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
    public async Task AnEngineThatIsGoneFailsTheStepAsTransientAndARerunSucceeds()
    {
        LoadJourney();
        var before = InPlace();
        var settings = engine.OffloadSettings();
        var port = settings.Port;
        await engine.Engine.DisposeAsync();
        var e = Assert.Throws<Exception>(() =>
            new AttributeStep(tenant.ConnectionString).RunOnImpala(tenant.Id, ++run, settings, tenant.Settings.SqlRoot));
        Assert.IsTrue(TransientFailure.Is(e), $"an unreachable engine is worth a retry: {e}");
        StringAssert.Contains(e.Message, $"127.0.0.1:{port}");
        Assert.AreEqual(before, InPlace());
        AssertNothingLeftBehind();

        await using var restarted = TestEngine.Start();
        new AttributeStep(tenant.ConnectionString).RunOnImpala(tenant.Id, ++run, restarted.OffloadSettings(), tenant.Settings.SqlRoot);
        Assert.AreEqual(before.Credits, InPlace().Credits);
        Assert.IsGreaterThan(before.BuiltAt, InPlace().BuiltAt);
    }

    [TestMethod]
    public async Task MySqlGoneDuringTheCopyBackKeepsThePreviousAttributionAndARerunSucceeds()
    {
        LoadJourney();
        var before = InPlace();
        // Hold at_unattributed: the copy-back loads the paths with their shares, then waits to create
        // at_unattributed_next — and its connection is killed right there.
        using var holder = tenant.Open();
        holder.Execute("LOCK TABLES at_unattributed WRITE");
        var offload = Task.Run(() => Attribute());
        using var watcher = tenant.Open();
        long? victim = null;
        for (var i = 0; i < 1_000 && victim is null && !offload.IsCompleted; i++)
        {
            victim = watcher.ExecuteScalar<long?>(
                "SELECT id FROM information_schema.processlist WHERE db = DATABASE() AND state LIKE 'Waiting for table metadata lock%' AND id <> CONNECTION_ID()");
            if (victim is null) await Task.Delay(20);
        }
        Assert.IsNotNull(victim, "the copy-back never reached at_unattributed");
        Assert.IsGreaterThan(0L, watcher.ExecuteScalar<long>("SELECT COUNT(share_linear) FROM at_paths_next"), "shares were already loaded into the shadow table");
        watcher.Execute($"KILL CONNECTION {victim}");
        holder.Execute("UNLOCK TABLES");
        var e = await Assert.ThrowsAsync<Exception>(() => offload);
        Assert.IsTrue(TransientFailure.Is(e), $"a lost MySQL connection is worth a retry: {e}");
        Assert.AreEqual(before, InPlace());
        AssertNothingLeftBehind();
        Attribute();
        Assert.AreEqual(before.Credits, InPlace().Credits);
    }

    [TestMethod]
    public void TheOffloadRecordsItsEngineAndCleansUpAfterItself()
    {
        LoadJourney();
        using var c = tenant.Open();
        Assert.AreEqual("impala", c.ExecuteScalar<string>("SELECT engine FROM at_build_info WHERE id = 1"));
        Assert.AreEqual(0L, c.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE '%\\_next'"));
        Assert.IsEmpty(StagedFiles(), "the run's staged files are deleted");
    }
}
