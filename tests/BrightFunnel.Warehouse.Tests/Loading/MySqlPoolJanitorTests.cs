using Dapper;
using BrightFunnel.Warehouse.Orchestrator;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Tests.Loading;

[TestClass]
[TestCategory("integration")]
public sealed class MySqlPoolJanitorTests
{
    [TestMethod]
    public void TheJanitorReplacesTheDriversSweepAndClosesIdlePooledConnections()
    {
        // The assembly's settings installed it; a driver upgrade that changes the pool manager's
        // shape would leave the crashing sweep in force, and this says so.
        StringAssert.StartsWith(MySqlPoolJanitor.State, "idle connections closed after");
        try
        {
            MySqlPoolJanitor.Install(TimeSpan.FromSeconds(2));
            var database = TestServer.UniqueName("bft_pool_");
            using (var admin = TestServer.Open()) admin.Execute($"CREATE DATABASE `{database}`");
            try
            {
                var pooled = ConnectionStrings.WithDatabase(TestServer.ConnectionString, database);
                long id;
                using (var c = new MySqlConnection(pooled))
                {
                    c.Open();
                    id = c.ExecuteScalar<long>("SELECT CONNECTION_ID()");
                }
                using var watcher = TestServer.Open();
                bool Alive() => watcher.ExecuteScalar<long>("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = @id", new { id }) > 0;
                Assert.IsTrue(Alive(), "a closed pooled connection stays open in the pool at first");
                var deadline = DateTime.UtcNow.AddSeconds(15);
                while (Alive() && DateTime.UtcNow < deadline) Thread.Sleep(200);
                Assert.IsFalse(Alive(), "the janitor closes a pooled connection idle for longer than its idle time");
            }
            finally
            {
                TestServer.DropDatabases(database);
            }
        }
        finally
        {
            MySqlPoolJanitor.Install(TimeSpan.FromSeconds(15));
        }
    }
}
