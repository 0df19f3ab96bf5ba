using System.Collections;
using BrightFunnel.Warehouse.Orchestrator;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Tests.Console;

/// <summary>How the binary finds its databases: bfw.json, BFW__ variables, and BFW_DB_PORT / BFW_IMPALA_PORT as ./run means them.</summary>
[TestClass]
public sealed class ConsoleSettingsTests
{
    string binary = "", work = "";

    [TestInitialize]
    public void Setup()
    {
        binary = Directory.CreateTempSubdirectory("bfw-bin-").FullName;
        work = Directory.CreateTempSubdirectory("bfw-work-").FullName;
    }

    [TestCleanup]
    public void Cleanup()
    {
        Directory.Delete(binary, true);
        Directory.Delete(work, true);
    }

    WarehouseSettings Load(params (string Name, string Value)[] environment) =>
        WarehouseSettings.Load(new Hashtable(environment.ToDictionary(e => e.Name, e => (object)e.Value)), binary, work);

    [TestMethod]
    public void NothingConfiguredMeansNoServerAtAll()
    {
        var settings = Load();
        Assert.AreEqual("", settings.Control.ConnectionString);
        Assert.AreEqual("", settings.Web.ConnectionString);
        var refused = Assert.ThrowsExactly<BadInputException>(settings.RequireDatabases);
        StringAssert.Contains(refused.Message, "Control:ConnectionString and Web:ConnectionString");
    }

    [TestMethod]
    public void BfwDbPortAloneMeansThePrivateDatabaseOnThatPort()
    {
        var settings = Load(("BFW_DB_PORT", "33999"), ("BFW_IMPALA_PORT", "21999"));
        settings.RequireDatabases();
        var control = new MySqlConnectionStringBuilder(settings.Control.ConnectionString);
        var web = new MySqlConnectionStringBuilder(settings.Web.ConnectionString);
        Assert.AreEqual(("127.0.0.1", 33999u, "bf_control"), (control.Server, control.Port, control.Database));
        Assert.AreEqual((33999u, "bf_web"), (web.Port, web.Database));
        Assert.AreEqual(21999, settings.Impala.Port);
    }

    [TestMethod]
    public void ExplicitSettingsWinAndAContradictingPortIsRefused()
    {
        File.WriteAllText(Path.Combine(work, "bfw.json"), """
            { "Control": { "ConnectionString": "Server=127.0.0.1;Port=33306;User ID=bfw;Password=pw;Database=bf_control" },
              "Web": { "ConnectionString": "Server=db.example.com;Port=3306;User ID=bfw;Password=pw;Database=bf_web" } }
            """);
        Assert.AreEqual(33306u, new MySqlConnectionStringBuilder(Load().Control.ConnectionString).Port);
        Load().RequireDatabases();

        // The binary must never reach another local port than BFW_DB_PORT says.
        var refused = Assert.ThrowsExactly<BadInputException>(Load(("BFW_DB_PORT", "33336")).RequireDatabases);
        StringAssert.Contains(refused.Message, "BFW_DB_PORT is 33336 but Control:ConnectionString points at 127.0.0.1:33306");
        Assert.DoesNotContain("pw", refused.Message.Replace("points", ""));

        // An environment variable overrides the file; a remote server is not BFW_DB_PORT's business.
        var overridden = Load(("BFW_DB_PORT", "33336"),
            ("BFW__Control__ConnectionString", "Server=127.0.0.1;Port=33336;User ID=bfw;Password=pw;Database=bf_control"));
        overridden.RequireDatabases();
        Assert.AreEqual("db.example.com", new MySqlConnectionStringBuilder(overridden.Web.ConnectionString).Server);
    }

    [TestMethod]
    public void ABadPortVariableIsNamed()
    {
        var refused = Assert.ThrowsExactly<BadInputException>(Load(("BFW_DB_PORT", "port")).RequireDatabases);
        StringAssert.Contains(refused.Message, "BFW_DB_PORT must be a port between 1 and 65535, got 'port'");
    }
}
