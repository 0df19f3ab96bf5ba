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

/// <summary>An ingest whose connection the server drops midway says which server, which file, and that nothing changed.</summary>
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
            StringAssert.Contains(lost.Message, "nothing was changed");
            Assert.IsTrue(TransientFailure.Is(lost), "a lost connection is still worth a retry");
            using var c = tenant.Open();
            Assert.AreEqual(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM raw_account"));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    /// <summary>The tenant connection that waits for the table lock.</summary>
    static async Task<long> WaitingConnection(TestTenant tenant)
    {
        var deadline = DateTime.UtcNow + SchedulingWorld.Patience;
        using var c = tenant.Open();
        while (DateTime.UtcNow < deadline)
        {
            var id = c.ExecuteScalar<long?>("""
                SELECT ID FROM information_schema.PROCESSLIST
                WHERE DB = DATABASE() AND ID <> CONNECTION_ID() AND STATE LIKE 'Waiting for table%lock' LIMIT 1
                """);
            if (id is { } found) return found;
            await Task.Delay(50);
        }
        throw new AssertFailedException("the ingest never waited on the lock");
    }
}
