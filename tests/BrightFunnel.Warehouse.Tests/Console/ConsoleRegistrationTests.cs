using BrightFunnel.Warehouse.Console;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Filters;

namespace BrightFunnel.Warehouse.Tests.Console;

/// <summary>
/// Adding a pod, tenant or filter that exists: the same settings are an idempotent ok (the demo
/// re-runs its adds), other settings are refused unless --replace, which says what changed.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class ConsoleRegistrationTests
{
    static (int Code, string Out, string Err) Bfw(TestTenant tenant, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = new BfwConsole(tenant.Settings, output, error).Run(args);
        return (code, output.ToString(), error.ToString());
    }

    [TestMethod]
    public void APodAddedAgainWithOtherSettingsNeedsReplace()
    {
        using var tenant = new TestTenant();
        var same = Bfw(tenant, "pod", "add", "pod", "--connection", TestServer.ConnectionString, "--max-concurrent", "2");
        Assert.AreEqual(0, same.Code, same.Err);
        StringAssert.Contains(same.Out, "pod pod unchanged");

        var other = Bfw(tenant, "pod", "add", "pod", "--connection", TestServer.ConnectionString, "--max-concurrent", "5");
        Assert.AreEqual(BfwConsole.BadUsage, other.Code);
        StringAssert.Contains(other.Err, "max concurrent 2 → 5");
        StringAssert.Contains(other.Err, "--replace");
        Assert.AreEqual(2, tenant.Migrations.Directory.GetPod("pod").MaxConcurrent);

        var replaced = Bfw(tenant, "pod", "add", "pod", "--connection", TestServer.ConnectionString, "--max-concurrent", "5", "--replace");
        Assert.AreEqual(0, replaced.Code, replaced.Err);
        StringAssert.Contains(replaced.Out, "pod pod replaced: max concurrent 2 → 5");
        Assert.AreEqual(5, tenant.Migrations.Directory.GetPod("pod").MaxConcurrent);
    }

    [TestMethod]
    public void APodWhoseServerCannotBeReachedIsRefusedUnlessForced()
    {
        using var tenant = new TestTenant();
        var wrongPassword = new MySql.Data.MySqlClient.MySqlConnectionStringBuilder(TestServer.ConnectionString) { Password = "not-the-password" }.ConnectionString;
        var unreachable = new MySql.Data.MySqlClient.MySqlConnectionStringBuilder(Scheduling.SchedulingWorld.UnreachableServer()) { Password = "topsecret" }.ConnectionString;
        foreach (var (connection, reason) in new[] { (wrongPassword, "Access denied"), (unreachable, "Unable to connect") })
        {
            var refused = Bfw(tenant, "pod", "add", "far", "--connection", connection);
            Assert.AreEqual(BfwConsole.BadUsage, refused.Code, refused.Out);
            StringAssert.Contains(refused.Err, "pod far: cannot connect with");
            StringAssert.Contains(refused.Err, reason);
            StringAssert.Contains(refused.Err, "--force");
            Assert.DoesNotContain("not-the-password", refused.Err);
            Assert.DoesNotContain("topsecret", refused.Err);
            Assert.IsFalse(tenant.Migrations.Directory.Pods().Any(p => p.PodName == "far"), "nothing registered");
        }

        var forced = Bfw(tenant, "pod", "add", "far", "--connection", unreachable, "--force");
        Assert.AreEqual(0, forced.Code, forced.Err);
        Assert.IsTrue(tenant.Migrations.Directory.Pods().Any(p => p.PodName == "far"));
        tenant.Migrations.Directory.RemovePod("far");
    }

    [TestMethod]
    public void PodPasswordsAreStoredSealedAndARekeyLetsTheOldKeysGo()
    {
        using var tenant = new TestTenant();
        // A ring of this test's own (the shared one serves the tests running beside it), holding the
        // key(s) the tenant's pod was sealed with.
        var ring = Directory.CreateTempSubdirectory("bfw-ring-").FullName;
        try
        {
            foreach (var key in Directory.GetFiles(tenant.Settings.KeyRing, "*.key")) File.Copy(key, Path.Combine(ring, Path.GetFileName(key)));
            tenant.Settings.KeyRing = ring;
            var password = new MySql.Data.MySqlClient.MySqlConnectionStringBuilder(TestServer.ConnectionString).Password;
            string Stored()
            {
                using var c = new MySql.Data.MySqlClient.MySqlConnection(tenant.Settings.Control.ConnectionString);
                return Dapper.SqlMapper.ExecuteScalar<string>(c, "SELECT connection_string FROM pods WHERE pod_name = 'pod'")!;
            }
            Assert.DoesNotContain($"={password};", Stored() + ";", "bf_control holds no password in clear");
            StringAssert.Contains(Stored(), "bfwkey:");

            var rekey = Bfw(tenant, "pod", "rekey");
            Assert.AreEqual(0, rekey.Code, rekey.Err);
            StringAssert.Contains(rekey.Out, "1 pod password(s) sealed with it (pod)");
            var current = new KeyRing(ring).Current().Id;
            StringAssert.Contains(Stored(), $"bfwkey:{current}:");
            foreach (var old in new KeyRing(ring).Ids().Where(id => id != current)) File.Delete(Path.Combine(ring, old + ".key"));

            using (var c = new MySql.Data.MySqlClient.MySqlConnection(new TenantDirectory(tenant.Settings).TenantConnectionString(tenant.Id)))
                c.Open(); // the pod still opens with the new key alone
            var listed = Bfw(tenant, "pod", "list");
            Assert.DoesNotContain(password, listed.Out);
            Assert.DoesNotContain("bfwkey", listed.Out, "the listing masks the sealed value like any password");
        }
        finally
        {
            Directory.Delete(ring, true);
        }
    }

    [TestMethod]
    public void MigrateApplySealsAPodPasswordStoredInClear()
    {
        using var tenant = new TestTenant();
        var password = new MySql.Data.MySqlClient.MySqlConnectionStringBuilder(TestServer.ConnectionString).Password;
        using var c = new MySql.Data.MySqlClient.MySqlConnection(tenant.Settings.Control.ConnectionString);
        Dapper.SqlMapper.Execute(c, "INSERT INTO pods (pod_name, connection_string, max_concurrent) VALUES ('legacy', @cs, 1)", new { cs = TestServer.ConnectionString });

        var apply = Bfw(tenant, "migrate", "apply", "--db", "control");

        Assert.AreEqual(0, apply.Code, apply.Err);
        StringAssert.Contains(apply.Out, "pod passwords sealed with the key ring");
        var stored = Dapper.SqlMapper.ExecuteScalar<string>(c, "SELECT connection_string FROM pods WHERE pod_name = 'legacy'")!;
        Assert.DoesNotContain(password, stored);
        Assert.AreEqual(password, new MySql.Data.MySqlClient.MySqlConnectionStringBuilder(new TenantDirectory(tenant.Settings).GetPod("legacy").ConnectionString).Password);
        new TenantDirectory(tenant.Settings).RemovePod("legacy");
    }

    [TestMethod]
    public void ATenantAddedAgainWithANewTimeZoneIsRefusedUnlessReplace()
    {
        using var tenant = new TestTenant();
        var id = tenant.Id.Value;
        var same = Bfw(tenant, "tenant", "add", id, "--pod", "pod", "--timezone", "UTC");
        Assert.AreEqual(0, same.Code, same.Err);
        StringAssert.Contains(same.Out, $"tenant {id} unchanged");

        var moved = Bfw(tenant, "tenant", "add", id, "--pod", "pod", "--timezone", "Europe/Paris");
        Assert.AreEqual(BfwConsole.BadUsage, moved.Code, moved.Out);
        StringAssert.Contains(moved.Err, "time zone UTC → Europe/Paris");
        Assert.AreEqual("UTC", tenant.Migrations.Directory.GetTenant(tenant.Id).TimeZone);

        var replaced = Bfw(tenant, "tenant", "add", id, "--pod", "pod", "--timezone", "Europe/Paris", "--replace");
        Assert.AreEqual(0, replaced.Code, replaced.Err);
        StringAssert.Contains(replaced.Out, "replaced: time zone UTC → Europe/Paris");
        Assert.AreEqual("Europe/Paris", tenant.Migrations.Directory.GetTenant(tenant.Id).TimeZone);
        Assert.AreEqual("Europe/Paris", new TenantConfigStore(tenant.Settings.Control.ConnectionString).Current(tenant.Id).Config.TimeZone);
    }

    [TestMethod]
    public void AFilterAddedAgainWithAnotherRuleNeedsReplace()
    {
        using var tenant = new TestTenant();
        var id = tenant.Id.Value;
        const string tier1 = """{"field": "account.tier", "op": "eq", "value": "Tier 1"}""";
        Assert.AreEqual(0, Bfw(tenant, "filter", "add", id, "Top", "--rule", tier1).Code);
        var again = Bfw(tenant, "filter", "add", id, "Top", "--rule", """{"op":"eq","field":"account.tier","value":"Tier 1"}""");
        Assert.AreEqual(0, again.Code, again.Err);
        StringAssert.Contains(again.Out, "unchanged");

        var other = Bfw(tenant, "filter", "add", id, "Top", "--rule", """{"field": "account.tier", "op": "eq", "value": "Tier 2"}""");
        Assert.AreEqual(BfwConsole.BadUsage, other.Code);
        StringAssert.Contains(other.Err, "--replace");
        var store = new FilterStore(tenant.Settings.Control.ConnectionString);
        StringAssert.Contains(store.List(tenant.Id).Single().Rule, "Tier 1");

        Assert.AreEqual(0, Bfw(tenant, "filter", "add", id, "Top", "--rule", """{"field": "account.tier", "op": "eq", "value": "Tier 2"}""", "--replace").Code);
        StringAssert.Contains(store.List(tenant.Id).Single().Rule, "Tier 2");
    }

    [TestMethod]
    public void FilterNamesAreTrimmedAndALookalikeOfAnExistingNameIsRefused()
    {
        using var tenant = new TestTenant();
        var id = tenant.Id.Value;
        const string tier1 = """{"field": "account.tier", "op": "eq", "value": "Tier 1"}""";
        const string tier2 = """{"field": "account.tier", "op": "eq", "value": "Tier 2"}""";
        Assert.AreEqual(0, Bfw(tenant, "filter", "add", id, "  Tier 1 ", "--rule", tier1).Code);
        var store = new FilterStore(tenant.Settings.Control.ConnectionString);
        Assert.AreEqual("Tier 1", store.List(tenant.Id).Single().Name, "stored without the spaces around it");

        foreach (var lookalike in new[] { "tier 1", "Tier_1", "Tier-1", "TIER 1" })
        {
            var refused = Bfw(tenant, "filter", "add", id, lookalike, "--rule", tier2);
            Assert.AreEqual(BfwConsole.BadUsage, refused.Code, lookalike);
            StringAssert.Contains(refused.Err, "existing filter 'Tier 1'", lookalike);
        }
        foreach (var (bad, shown) in new[] { ("Tier\u00A01", "Tier\u00A01"), ("Tіer 1", "Tіer 1"), ("   ", ""), ("Tier  1", "Tier  1"), ("ALL", "ALL") })
        {
            var refused = Bfw(tenant, "filter", "add", id, bad, "--rule", tier2);
            Assert.AreEqual(BfwConsole.BadUsage, refused.Code, bad);
            StringAssert.Contains(refused.Err, $"invalid filter name '{shown}': 1-100 ASCII letters, digits, '_', '-' or single spaces between words", bad);
        }
        Assert.AreEqual(1, store.List(tenant.Id).Count, "nothing else was stored");

        // "Tier 1 " reaches the filter stored as "Tier 1", never another one.
        var same = Bfw(tenant, "filter", "add", id, "Tier 1 ", "--rule", tier1);
        Assert.AreEqual(0, same.Code, same.Err);
        StringAssert.Contains(same.Out, "filter 'Tier 1' of");
        StringAssert.Contains(same.Out, "unchanged");
    }

    [TestMethod]
    public void ACronFiringMoreOftenThanEveryFiveMinutesNeedsForce()
    {
        using var tenant = new TestTenant();
        var id = TestServer.UniqueName("t");
        try
        {
            var everySecond = Bfw(tenant, "tenant", "add", id, "--pod", "pod", "--cron", "* * * * * ?");
            Assert.AreEqual(BfwConsole.BadUsage, everySecond.Code, everySecond.Out);
            StringAssert.Contains(everySecond.Err, "fires every 1 s, more often than every 5 minutes: pass --force");
            Assert.IsFalse(tenant.Migrations.Directory.Tenants().Any(t => t.TenantId == id), "nothing recorded");

            // Every minute of one night hour: the closest pair is what counts, not the first firings.
            var hourly = Bfw(tenant, "schedule", "set", tenant.Id.Value, "0 * 3 * * ?");
            Assert.AreEqual(BfwConsole.BadUsage, hourly.Code, hourly.Out);
            StringAssert.Contains(hourly.Err, "fires every 1 min");
            Assert.AreEqual(0, Bfw(tenant, "schedule", "set", tenant.Id.Value, "0 */5 * * * ?").Code, "every 5 minutes is fine");
            var forced = Bfw(tenant, "schedule", "set", tenant.Id.Value, "0 * 3 * * ?", "--force");
            Assert.AreEqual(0, forced.Code, forced.Err);
            Assert.AreEqual("0 * 3 * * ?", tenant.Migrations.Directory.GetTenant(tenant.Id).Cron);
        }
        finally { TestServer.DropDatabases(TenantId.Parse(id).DatabaseName); }
    }
}
