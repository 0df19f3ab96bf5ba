using BrightFunnel.Warehouse.Console;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Scheduling;
using Dapper;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Console;

/// <summary><c>bfw tenant remove</c> and <c>bfw pod remove</c>: confirmed, refused while in use, and what they keep.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class ConsoleRemovalTests
{
    static (int Code, string Out, string Err) Bfw(TestTenant tenant, string? typed, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new BfwConsole(tenant.Settings, output, error) { InteractiveInput = typed is not null, Input = new StringReader(typed ?? "") };
        var code = console.Run(args);
        return (code, output.ToString(), error.ToString());
    }

    static bool DatabaseExists(string database)
    {
        using var c = TestServer.Open();
        return c.ExecuteScalar<int>("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = @database", new { database }) == 1;
    }

    [TestMethod]
    public async Task ATenantIsRemovedWithItsScheduleConfigFiltersAndDatabaseWhileItsHistoryStays()
    {
        using var tenant = new TestTenant();
        var id = tenant.Id.Value;
        var control = tenant.Settings.Control.ConnectionString;
        Assert.AreEqual(0, Bfw(tenant, null, "filter", "add", id, "Top", "--rule", """{"field": "account.tier", "op": "eq", "value": "Tier 1"}""").Code);
        Assert.AreEqual(0, Bfw(tenant, null, "schedule", "set", id, "0 30 1 * * ?").Code);
        var history = new RunStore(control);
        var finished = history.Queue(tenant.Id, RunStore.ConsoleTrigger, null, null, null);
        history.Finish(finished, RunStatus.Succeeded, null);
        using (var web = TestServer.Open(tenant.Prefix + "_web"))
        {
            web.Execute("INSERT INTO web_publications (tenant_id, version, run_id, published_at) VALUES (@id, 1, @finished, NOW(6))", new { id, finished });
            // Published rows of the later tables too (web activity, models) and a signed-in session.
            web.Execute("""
                INSERT INTO web_site_top_pages (tenant_id, version, path, views, people, opportunities) VALUES (@id, 1, '/pricing', 9, 2, 1);
                INSERT INTO web_models (tenant_id, version, model, kind) VALUES (@id, 1, 'linear', 'linear');
                INSERT INTO web_sessions (session_hash, email, tenant_id, created_at, expires_at) VALUES (UNHEX(SHA2('s', 256)), 'ann@example.com', @id, NOW(6), NOW(6) + INTERVAL 1 DAY);
                """, new { id });
        }
        Assert.AreEqual(0, Bfw(tenant, null, "web", "user", "add", id, "ann@example.com").Code);
        Assert.AreEqual(0, Bfw(tenant, null, "web", "token", "add", id).Code);

        // No terminal to ask on and no --yes: refused, nothing touched.
        var unconfirmed = Bfw(tenant, null, "tenant", "remove", id, "--drop-database");
        Assert.AreEqual(BfwConsole.BadUsage, unconfirmed.Code, unconfirmed.Out);
        StringAssert.Contains(unconfirmed.Err, "pass --yes");
        // On a terminal, the wrong name is no confirmation.
        var mistyped = Bfw(tenant, "acme\n", "tenant", "remove", id, "--drop-database");
        Assert.AreEqual(BfwConsole.BadUsage, mistyped.Code);
        StringAssert.Contains(mistyped.Err, "not confirmed");
        Assert.AreEqual(id, tenant.Migrations.Directory.GetTenant(tenant.Id).TenantId);

        // Refused while one of its runs is running.
        var running = history.Queue(tenant.Id, RunStore.ConsoleTrigger, null, null, null);
        history.Start(running, "node-x");
        var busy = Bfw(tenant, null, "tenant", "remove", id, "--yes");
        Assert.AreEqual(BfwConsole.BadUsage, busy.Code);
        StringAssert.Contains(busy.Err, $"run {running} running");
        history.Finish(running, RunStatus.Failed, "stopped by the test");
        var queued = history.Queue(tenant.Id, RunStore.ConsoleTrigger, null, null, null);

        var removed = Bfw(tenant, $"{id}\n", "tenant", "remove", id, "--drop-database");
        Assert.AreEqual(0, removed.Code, removed.Err);
        StringAssert.Contains(removed.Out, "run history kept");

        Assert.IsFalse(tenant.Migrations.Directory.Tenants().Any(), "the tenant is gone");
        Assert.IsFalse(DatabaseExists(tenant.Id.DatabaseName), "its database is dropped");
        using (var c = TestServer.Open(tenant.Prefix + "_control"))
        {
            Assert.AreEqual(0, c.ExecuteScalar<int>("SELECT COUNT(*) FROM filters") + c.ExecuteScalar<int>("SELECT COUNT(*) FROM tenant_config"));
            Assert.AreEqual(3, c.ExecuteScalar<int>("SELECT COUNT(*) FROM runs WHERE tenant_id = @id", new { id }), "history kept");
        }
        Assert.AreEqual(RunStatus.Cancelled, history.Get(queued).Status);
        using (var web = TestServer.Open(tenant.Prefix + "_web"))
        {
            Assert.AreEqual(0, web.ExecuteScalar<int>("SELECT COUNT(*) FROM web_publications"));
            Assert.AreEqual(0, web.ExecuteScalar<int>("SELECT COUNT(*) FROM web_site_top_pages") + web.ExecuteScalar<int>("SELECT COUNT(*) FROM web_models"),
                "every table publish writes");
            Assert.AreEqual(0, web.ExecuteScalar<int>("SELECT COUNT(*) FROM web_sessions"), "its signed-in sessions end");
            Assert.AreEqual(0, web.ExecuteScalar<int>("SELECT COUNT(*) FROM web_users") + web.ExecuteScalar<int>("SELECT COUNT(*) FROM web_tokens"),
                "its web logins and API tokens go with its published rows");
        }
        await using var client = await WarehouseScheduler.Client(tenant.Settings);
        Assert.IsFalse(await client.Scheduler.Exists(CycleKeys.Job(tenant.Id)), "its Quartz job and triggers are gone");
        Assert.IsFalse(await client.Scheduler.Exists(CycleKeys.Schedule(tenant.Id)));

        // The pod is free now; before, it was refused (see the next test).
        Assert.AreEqual(0, Bfw(tenant, null, "pod", "remove", "pod", "--yes").Code);
        Assert.IsEmpty(tenant.Migrations.Directory.Pods());
    }

    [TestMethod]
    public void AFilterIsRemovedOnlyOnceConfirmed()
    {
        using var tenant = new TestTenant();
        var id = tenant.Id.Value;
        Assert.AreEqual(0, Bfw(tenant, null, "filter", "add", id, "Top", "--rule", """{"field": "account.tier", "op": "eq", "value": "Tier 1"}""").Code);
        var store = new BrightFunnel.Warehouse.Orchestrator.Filters.FilterStore(tenant.Settings.Control.ConnectionString);

        var unconfirmed = Bfw(tenant, null, "filter", "remove", id, "Top");
        Assert.AreEqual(BfwConsole.BadUsage, unconfirmed.Code);
        StringAssert.Contains(unconfirmed.Err, "pass --yes");
        var mistyped = Bfw(tenant, "Tip\n", "filter", "remove", id, "Top");
        StringAssert.Contains(mistyped.Err, "not confirmed, nothing changed");
        Assert.AreEqual(1, store.List(tenant.Id).Count);

        var typed = Bfw(tenant, "Top\n", "filter", "remove", id, "Top ");
        Assert.AreEqual(0, typed.Code, typed.Err);
        Assert.IsEmpty(store.List(tenant.Id));
        Assert.AreEqual(0, Bfw(tenant, null, "filter", "add", id, "Top", "--rule", """{"field": "account.tier", "op": "eq", "value": "Tier 1"}""").Code);
        Assert.AreEqual(0, Bfw(tenant, null, "filter", "remove", id, "Top", "--yes").Code);
        Assert.IsEmpty(store.List(tenant.Id));
    }

    [TestMethod]
    public void APodWithTenantsIsNotRemovedAndPurgeHistoryDeletesTheRuns()
    {
        using var tenant = new TestTenant();
        var inUse = Bfw(tenant, null, "pod", "remove", "pod", "--yes");
        Assert.AreEqual(BfwConsole.BadUsage, inUse.Code);
        StringAssert.Contains(inUse.Err, $"pod pod still has 1 tenant(s) ({tenant.Id})");
        var unconfirmed = Bfw(tenant, null, "pod", "remove", "pod");
        StringAssert.Contains(unconfirmed.Err, "pass --yes");

        var history = new RunStore(tenant.Settings.Control.ConnectionString);
        history.Finish(history.Queue(tenant.Id, RunStore.ConsoleTrigger, null, null, null), RunStatus.Succeeded, null);
        var removed = Bfw(tenant, null, "tenant", "remove", tenant.Id.Value, "--yes", "--purge-history");
        Assert.AreEqual(0, removed.Code, removed.Err);
        StringAssert.Contains(removed.Out, "run history purged (1 run(s))");
        StringAssert.Contains(removed.Out, "kept (drop it with --drop-database)");
        Assert.IsTrue(DatabaseExists(tenant.Id.DatabaseName), "without --drop-database the data stays");
        Assert.IsEmpty(history.Recent(tenant.Id, 10));
    }
}
