using System.Text.Json;
using BrightFunnel.Warehouse.Console;
using BrightFunnel.Warehouse.Orchestrator;
using Dapper;

namespace BrightFunnel.Warehouse.Tests.Orchestrator;

/// <summary>The real schemas of sql/ migrated for control, web and tenants on two pods.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class WarehouseMigrationsTests
{
    string prefix = "";
    WarehouseSettings settings = null!;
    readonly List<string> tenants = [];

    [TestInitialize]
    public void Setup()
    {
        prefix = TestServer.UniqueName("bft_wm_");
        settings = TestServer.IsolatedSettings(prefix);
    }

    [TestCleanup]
    public void Cleanup() =>
        TestServer.DropDatabases([prefix + "_control", prefix + "_web", .. tenants.Select(t => TenantId.Parse(t).DatabaseName)]);

    string NewTenant()
    {
        var id = TestServer.UniqueName("t");
        tenants.Add(id);
        return id;
    }

    (int code, string stdout, string stderr) Bfw(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = new BfwConsole(settings, output, error).Run(args);
        return (code, output.ToString(), error.ToString());
    }

    [TestMethod]
    public void ThreeTenantsOnTwoPodsAreMigratedAndListed()
    {
        var migrations = new WarehouseMigrations(settings);
        Assert.IsTrue(migrations.Apply("all").All(o => o.Succeeded));
        // Two pods on one test server: distinct registrations, distinct connection strings.
        migrations.Directory.AddPod("pod_a", TestServer.ConnectionString, 3);
        migrations.Directory.AddPod("pod_b", TestServer.ConnectionString + ";Connection Timeout=20", 2);
        var (t1, t2, t3) = (NewTenant(), NewTenant(), NewTenant());

        Assert.AreEqual(0, Bfw("tenant", "add", t1, "--pod", "pod_a").code);
        Assert.AreEqual(0, Bfw("tenant", "add", t2, "--pod", "pod_a", "--timezone", "America/New_York").code);
        Assert.AreEqual(0, Bfw("tenant", "add", t3, "--pod", "pod_b").code);

        var (code, json, _) = Bfw("tenant", "list", "--json");
        Assert.AreEqual(0, code);
        var listed = JsonDocument.Parse(json).RootElement.EnumerateArray()
            .Select(e => (e.GetProperty("tenant").GetString(), e.GetProperty("pod").GetString())).ToHashSet();
        Assert.IsTrue(listed.SetEquals(new[] { (t1, "pod_a"), (t2, "pod_a"), (t3, "pod_b") }!));

        var status = migrations.Status("all");
        Assert.HasCount(5, status);
        Assert.IsTrue(status.All(s => s.UpToDate), string.Join("; ", status.Select(s => $"{s.Label}: {s.Error}")));

        using var c = TestServer.Open(TenantId.Parse(t3).DatabaseName);
        var tables = c.Query<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()").ToHashSet();
        foreach (var table in new[] { "raw_account", "raw_contact", "raw_lead", "raw_campaign", "raw_campaign_member", "raw_opportunity", "raw_opportunity_contact_role", "raw_rejects", "schema_journal" })
            Assert.Contains(table, tables);

        var (statusCode, statusJson, _) = Bfw("migrate", "status", "--json");
        Assert.AreEqual(0, statusCode);
        var labels = JsonDocument.Parse(statusJson).RootElement.EnumerateArray().Select(e => e.GetProperty("db").GetString()).ToList();
        CollectionAssert.AreEquivalent(new[] { "control", "web", $"tenant:{t1}", $"tenant:{t2}", $"tenant:{t3}" }, labels);
    }

    [TestMethod]
    public async Task OfTwoMigratorsAtOnceOnlyTheOneThatCreatedTheQuartzSchemaSaysSo()
    {
        var both = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => new WarehouseMigrations(settings).Apply("control").Single())));
        Assert.IsTrue(both.All(o => o.Succeeded), string.Join("; ", both.Select(o => o.Error)));
        Assert.AreEqual(1, both.Count(o => o.Applied.Any(a => a.StartsWith("Quartz schema", StringComparison.Ordinal))),
            string.Join(" | ", both.Select(o => string.Join(", ", o.Applied))));
    }

    [TestMethod]
    public void BadTenantIdIsRefusedBeforeAnySql()
    {
        // The control database here is unreachable: a refusal can only come from validation.
        settings.Control.ConnectionString = "Server=127.0.0.1;Port=1;User ID=x;Password=secret;Database=nowhere;Connection Timeout=1";
        foreach (var bad in new[] { "Acme", "x", "acme;drop database bf_control", "../etc" })
        {
            var (code, _, stderr) = Bfw("tenant", "add", bad, "--pod", "p");
            Assert.AreEqual(BfwConsole.BadUsage, code, bad);
            StringAssert.Contains(stderr, "invalid tenant id");
        }
        Assert.ThrowsExactly<BadInputException>(() => new WarehouseMigrations(settings).Select("tenant:Bad"));
    }

    [TestMethod]
    public void AnUnreachableDatabaseIsReportedWhileTheOthersReportTheirOwnState()
    {
        var migrations = new WarehouseMigrations(settings);
        migrations.Apply("all");
        migrations.Directory.AddPod("good", TestServer.ConnectionString, 2);
        migrations.Directory.AddPod("dead", "Server=127.0.0.1;Port=1;User ID=bfw;Password=topsecret;Connection Timeout=1", 2);
        var ok = NewTenant();
        var lost = NewTenant();
        Assert.IsTrue(migrations.AddTenant(TenantId.Parse(ok), "good").Succeeded);
        var failed = migrations.AddTenant(TenantId.Parse(lost), "dead");
        Assert.IsFalse(failed.Succeeded);

        var outcomes = migrations.Apply("all");
        Assert.HasCount(4, outcomes);
        Assert.IsTrue(outcomes.Single(o => o.Label == $"tenant:{ok}").Succeeded);
        var bad = outcomes.Single(o => o.Label == $"tenant:{lost}");
        Assert.IsFalse(bad.Succeeded);
        Assert.DoesNotContain("topsecret", bad.Error!);

        var (code, stdout, _) = Bfw("migrate", "status");
        Assert.AreEqual(BfwConsole.Failed, code, "status exits 1 when a database cannot be read");
        StringAssert.Contains(stdout, $"tenant:{ok}");
        Assert.DoesNotContain("topsecret", stdout);
    }
}
