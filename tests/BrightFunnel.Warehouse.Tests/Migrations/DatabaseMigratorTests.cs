using BrightFunnel.Warehouse.Migrations;
using Dapper;

namespace BrightFunnel.Warehouse.Tests.Migrations;

/// <summary>The DbUp adapter against the real MariaDB, with scripts written by each test.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class DatabaseMigratorTests
{
    ScratchScripts scratch = null!;

    [TestInitialize]
    public void Setup() => scratch = new ScratchScripts("bft_mig_");

    [TestCleanup]
    public void Cleanup() => scratch.Dispose();

    void Write(string name, string text) => scratch.Write(name, text);

    DatabaseMigrator Migrator() => scratch.Migrator();

    IReadOnlyList<JournalEntry> Journal()
    {
        using var c = TestServer.Open(scratch.Database);
        return c.Query<JournalEntry>("SELECT script_name AS ScriptName, kind AS Kind, checksum AS Checksum, applied_at AS AppliedAt, applied_by AS AppliedBy, duration_ms AS DurationMs FROM schema_journal ORDER BY id").ToList();
    }

    const string Procedure = """
        DROP PROCEDURE IF EXISTS answer;
        DELIMITER //
        CREATE PROCEDURE answer()
        BEGIN
          SELECT 'v1;' AS version;
        END//
        DELIMITER ;
        """;

    [TestMethod]
    public void AppliesVersionedScriptsOnceAndJournalsThemWithChecksums()
    {
        Write("0001_first.sql", "CREATE TABLE t (x INT);\nINSERT INTO t VALUES (1);");
        Write("0002_second.sql", "INSERT INTO t VALUES (2);");

        CollectionAssert.AreEqual(new[] { "0001_first.sql", "0002_second.sql" }, Migrator().Apply().ToArray());
        Assert.IsEmpty(Migrator().Apply(), "a second apply has nothing to do");

        var journal = Journal();
        Assert.HasCount(2, journal);
        Assert.AreEqual(MigrationScript.Checksum("INSERT INTO t VALUES (2);"), journal[1].Checksum);
        Assert.AreEqual("versioned", journal[0].Kind);
        Assert.IsFalse(string.IsNullOrEmpty(journal[0].AppliedBy));
        using var c = TestServer.Open(scratch.Database);
        Assert.AreEqual(3L, c.ExecuteScalar<long>("SELECT SUM(x) FROM t"));

        var status = Migrator().Status();
        Assert.IsTrue(status.UpToDate);
        Assert.AreEqual("0002", status.Version);
    }

    [TestMethod]
    public void ProcedureIsReappliedWhenItsTextChanges()
    {
        Write("0001_table.sql", "CREATE TABLE t (x INT);");
        Write("procs/answer.sql", Procedure);
        Migrator().Apply();
        Assert.IsEmpty(Migrator().Apply(), "unchanged procedure is not re-applied");

        Write("procs/answer.sql", Procedure.Replace("v1;", "v2;"));
        Assert.HasCount(1, Migrator().Status().Pending);
        CollectionAssert.AreEqual(new[] { "procs/answer.sql" }, Migrator().Apply().ToArray());

        using var c = TestServer.Open(scratch.Database);
        Assert.AreEqual("v2;", c.ExecuteScalar<string>("CALL answer()"));
        Assert.AreEqual(2, Journal().Count(e => e.ScriptName == "procs/answer.sql"), "each applied version is journaled");
    }

    [TestMethod]
    public void ChangedVersionedScriptIsDriftAndApplyRefusesNamingBothChecksums()
    {
        Write("0001_table.sql", "CREATE TABLE t (x INT);");
        Migrator().Apply();
        var before = MigrationScript.Checksum("CREATE TABLE t (x INT);");
        Write("0001_table.sql", "CREATE TABLE t (x BIGINT);");
        Write("0002_more.sql", "CREATE TABLE u (y INT);");
        var after = MigrationScript.Checksum("CREATE TABLE t (x BIGINT);");

        var status = Migrator().Status();
        Assert.HasCount(1, status.Drift);
        Assert.AreEqual(new DriftedScript("0001_table.sql", before, after), status.Drift[0]);

        var e = Assert.ThrowsExactly<MigrationDriftException>(() => Migrator().Apply());
        StringAssert.Contains(e.Message, "0001_table.sql");
        StringAssert.Contains(e.Message, before);
        StringAssert.Contains(e.Message, after);
        using var c = TestServer.Open(scratch.Database);
        Assert.AreEqual(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'u'"),
            "nothing after the drift is applied");
    }

    [TestMethod]
    public void FailingScriptNamesScriptAndLineAndKeepsTheJournalConsistent()
    {
        Write("0001_ok.sql", "CREATE TABLE t (x INT);");
        Write("0002_bad.sql", "INSERT INTO t VALUES (1);\n\n-- the next statement is wrong\nINSERT INTO missing_table VALUES (2);\n");
        Write("0003_later.sql", "CREATE TABLE later (y INT);");

        var e = Assert.ThrowsExactly<MigrationFailedException>(() => Migrator().Apply());
        StringAssert.Contains(e.Message, "0002_bad.sql");
        StringAssert.Contains(e.Message, "line 4");
        StringAssert.Contains(e.Message, "missing_table");

        CollectionAssert.AreEqual(new[] { "0001_ok.sql" }, Journal().Select(j => j.ScriptName).ToArray());
        var status = Migrator().Status();
        CollectionAssert.AreEqual(new[] { "0002_bad.sql", "0003_later.sql" }, status.Pending.ToArray());

        // Fixed script (it was never applied, so this is not drift) and a rerun finishes the job.
        Write("0002_bad.sql", "INSERT INTO t VALUES (2);");
        CollectionAssert.AreEqual(new[] { "0002_bad.sql", "0003_later.sql" }, Migrator().Apply().ToArray());
    }

    [TestMethod]
    public void TwoConcurrentMigratorsApplyEachScriptExactlyOnce()
    {
        // The sleep widens the window in which a migrator without the lock would also start.
        Write("0001_slow.sql", "CREATE TABLE t (x INT);\nDO SLEEP(1);\nINSERT INTO t VALUES (1);");
        Write("0002_next.sql", "INSERT INTO t VALUES (2);");
        Write("procs/answer.sql", Procedure);

        using var start = new Barrier(2);
        var results = new IReadOnlyList<string>[2];
        var threads = Enumerable.Range(0, 2).Select(i => new Thread(() => { start.SignalAndWait(); results[i] = Migrator().Apply(); })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.AreEqual(3, results.Sum(r => r.Count), "three scripts applied in total across both migrators");
        Assert.IsTrue(results.Any(r => r.Count == 0), "the migrator that waited found nothing left to do");
        Assert.HasCount(3, Journal());
        using var c = TestServer.Open(scratch.Database);
        Assert.AreEqual(3L, c.ExecuteScalar<long>("SELECT SUM(x) FROM t"));
    }
}
