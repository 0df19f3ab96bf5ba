using BrightFunnel.Warehouse.Console;
using Dapper;
using static BrightFunnel.Warehouse.Tests.CanonicalRows;

namespace BrightFunnel.Warehouse.Tests.Console;

/// <summary><c>bfw abm list add|list|show|remove</c> as an operator types them: what they print and what bad input gets.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class ConsoleAbmTests
{
    static (int Code, string Out, string Err) Bfw(TestTenant tenant, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = new BfwConsole(tenant.Settings, output, error).Run(args);
        return (code, output.ToString(), error.ToString());
    }

    [TestMethod]
    public void AListAddedBeforeAnyCycleSaysSoAndAfterwardsReportsItsUnmatchedEntries()
    {
        using var tenant = new TestTenant();
        var id = tenant.Id.Value;
        var file = Path.Combine(Path.GetTempPath(), $"bfw-abm-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllLines(file, ["domain", "a1corp.com", "nobody-has-this.example"]);
            var early = Bfw(tenant, "abm", "list", "add", id, "Targets", "--file", file);
            Assert.AreEqual(0, early.Code, early.Err);
            StringAssert.Contains(early.Out, "has no accounts yet");

            using (var c = tenant.Open())
            {
                Account(c, "A1", tier: "Tier 1");
                c.Execute("UPDATE cn_accounts SET website = 'https://www.a1corp.com' WHERE account_id = @id", new { id = Id("001", "A1") });
            }
            var shown = Bfw(tenant, "abm", "list", "show", id, "Targets");
            Assert.AreEqual(0, shown.Code, shown.Err);
            StringAssert.Contains(shown.Out, "it holds 1 account(s)");
            StringAssert.Contains(shown.Out, "nobody-has-this.example");
            StringAssert.Contains(shown.Out, "no cycle has evaluated it yet");

            var again = Bfw(tenant, "abm", "list", "add", id, "Targets", "--rule", """{"field": "account.tier", "op": "eq", "value": "Tier 1"}""");
            Assert.AreEqual(2, again.Code);
            StringAssert.Contains(again.Err, "pass --replace");
            var none = Bfw(tenant, "abm", "list", "add", id, "Both", "--rule", "{}", "--file", file);
            Assert.AreEqual(2, none.Code);
            StringAssert.Contains(none.Err, "one of them");
            var removed = Bfw(tenant, "abm", "list", "remove", id, "Targets", "--yes");
            Assert.AreEqual(0, removed.Code, removed.Err);
            StringAssert.Contains(Bfw(tenant, "abm", "list", "list", id).Out, "has no target account lists");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
