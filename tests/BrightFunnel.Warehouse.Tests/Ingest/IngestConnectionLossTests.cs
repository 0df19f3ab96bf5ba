using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Ingest;
using BrightFunnel.Warehouse.Tests.Scheduling;
using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Ingest;

/// <summary>An ingest whose connection the server drops midway says which server, which file, and what went in whole meanwhile.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class IngestConnectionLossTests
{
    [TestMethod]
    public async Task AnIngestThatLosesItsConnectionNamesTheServerTheFileAndWhatChanged()
    {
        using var tenant = new TestTenant();
        var folder = Directory.CreateTempSubdirectory("bfw-exports-").FullName;
        try
        {
            SampleExports.Write(folder);
            long victim;
            Task<IngestOutcome> ingest;
            await using (var blocker = new TableLock(tenant, "raw_account")) // the first file's load waits on it
            {
                ingest = Task.Run(() => new ExportIngestor(tenant.ConnectionString, new TenantConfig()).IngestFolder(folder));
                victim = await WaitingConnection(tenant);
                using var server = tenant.Open();
                server.Execute($"KILL CONNECTION {victim}"); // the server drops it, as a crash or restart would
            }
            var lost = await Assert.ThrowsExactlyAsync<ConnectionLostException>(() => ingest);
            var b = new MySqlConnectionStringBuilder(tenant.ConnectionString);
            StringAssert.Contains(lost.Message, $"{b.Server}:{b.Port}");
            StringAssert.Contains(lost.Message, "while loading Account.csv");
            StringAssert.Contains(lost.Message, "Account.csv changed nothing");
            // Files load two at a time: the other lane went on while Account.csv waited, and the message
            // lists exactly the files that went in whole, which are the ones whose rows are stored.
            var listed = lost.Message.Contains("loaded whole before the loss: ")
                ? lost.Message.Split("loaded whole before the loss: ")[1].Split(';')[0].Split(", ")
                : [];
            StringAssert.Contains(lost.Message, listed.Length == 0 ? "nothing was changed" : "no other file changed anything");
            using (var check = tenant.Open())
                foreach (var file in Directory.GetFiles(folder, "*.csv").Select(Path.GetFileName))
                {
                    var table = SalesforceObject.ForFile(file!).RawTable;
                    Assert.AreEqual(listed.Contains(file), check.ExecuteScalar<long>($"SELECT COUNT(*) FROM {table}") > 0,
                        $"{file}: listed as loaded ⇔ rows stored ({lost.Message})");
                }
            Assert.IsTrue(TransientFailure.Is(lost), "a lost connection is still worth a retry");
            using var c = tenant.Open();
            Assert.AreEqual(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM raw_account"));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    /// <summary>The tenant connection that waits for the lock on raw_account (the other lane may wait on a lock of its own meanwhile).</summary>
    static async Task<long> WaitingConnection(TestTenant tenant)
    {
        var deadline = DateTime.UtcNow + SchedulingWorld.Patience;
        using var c = tenant.Open();
        while (DateTime.UtcNow < deadline)
        {
            var id = c.ExecuteScalar<long?>("""
                SELECT ID FROM information_schema.PROCESSLIST
                WHERE DB = DATABASE() AND ID <> CONNECTION_ID() AND STATE LIKE 'Waiting for table%lock' AND INFO LIKE '%raw\\_account%' LIMIT 1
                """);
            if (id is { } found) return found;
            await Task.Delay(50);
        }
        throw new AssertFailedException("the ingest never waited on the lock");
    }
}
