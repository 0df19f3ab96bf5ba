using BrightFunnel.Warehouse.Console;
using BrightFunnel.Warehouse.Orchestrator;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Tests.Console;

/// <summary>After an upgrade whose migrations nobody applied, a command that meets a missing table says what to run.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class ConsoleSchemaBehindTests
{
    [TestMethod]
    public void AMissingTableNamesTheMigrationVerbs()
    {
        var control = TestServer.UniqueName("bft_behind_c");
        var web = TestServer.UniqueName("bft_behind_w");
        using (var c = TestServer.Open()) c.Execute($"CREATE DATABASE {control}; CREATE DATABASE {web}");
        try
        {
            var settings = new WarehouseSettings
            {
                Control = new DatabaseSettings { ConnectionString = new MySqlConnectionStringBuilder(TestServer.ConnectionString) { Database = control }.ConnectionString },
                Web = new DatabaseSettings { ConnectionString = new MySqlConnectionStringBuilder(TestServer.ConnectionString) { Database = web }.ConnectionString },
            };
            var error = new StringWriter();
            var code = new BfwConsole(settings, new StringWriter(), error).Run(["web", "user", "list", "demo"]);
            Assert.AreEqual(BfwConsole.Failed, code, error.ToString());
            StringAssert.Contains(error.ToString(), "doesn't exist");
            StringAssert.Contains(error.ToString(), "the database is behind this version of bfw: bfw migrate status lists the pending migrations, bfw migrate apply applies them");
        }
        finally
        {
            TestServer.DropDatabases(control, web);
        }
    }
}
