using BrightFunnel.Warehouse.Console;
using BrightFunnel.Warehouse.Tests.Scheduling;

namespace BrightFunnel.Warehouse.Tests.Console;

/// <summary>A pod whose server is down (a closed port) fails only its own tenants.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class ConsoleIsolationTests
{
    [TestMethod]
    public void MigrateApplyAllMigratesTheOthersAndCountsTheUnreachableTenant()
    {
        using var tenant = new TestTenant();
        var lost = TestServer.UniqueName("t");
        var output = new StringWriter();
        var error = new StringWriter();
        var bfw = new BfwConsole(tenant.Settings, output, error);
        var dead = new MySql.Data.MySqlClient.MySqlConnectionStringBuilder(SchedulingWorld.UnreachableServer()) { Password = "topsecret" }.ConnectionString;
        Assert.AreEqual(0, bfw.Run(["pod", "add", "dead", "--connection", dead, "--force"]), error.ToString());
        Assert.AreEqual(BfwConsole.Failed, bfw.Run(["tenant", "add", lost, "--pod", "dead"]), "recorded, but its database cannot be made");
        output.GetStringBuilder().Clear();
        error.GetStringBuilder().Clear();

        var code = bfw.Run(["migrate", "apply", "--db", "all"]);

        Assert.AreEqual(BfwConsole.Failed, code);
        StringAssert.Contains(output.ToString(), $"tenant:{tenant.Id} ({tenant.Id.DatabaseName}): up to date");
        StringAssert.Contains(output.ToString(), $"tenant:{lost} (bf_t_{lost}): FAILED");
        StringAssert.Contains(error.ToString(), $"1 of 4 database(s) failed: tenant:{lost}; the others were migrated");
        Assert.DoesNotContain("topsecret", output.ToString() + error.ToString());
    }
}
