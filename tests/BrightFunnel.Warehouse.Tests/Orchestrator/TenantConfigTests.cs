using System.Text.Json;
using BrightFunnel.Warehouse.Console;
using BrightFunnel.Warehouse.Orchestrator;

namespace BrightFunnel.Warehouse.Tests.Orchestrator;

[TestClass]
[TestCategory("integration")]
public sealed class TenantConfigTests
{
    [TestMethod]
    public void DefaultsFollowTheAttributionRules()
    {
        var c = new TenantConfig();
        Assert.AreEqual(("Amount", 365, 7.0, "account", "Medium", 1), (c.RevenueField, c.LookbackDays, c.TimeDecayHalfLifeDays, c.InfluencePath, c.MinMatchConfidence, c.FiscalYearStartMonth));
        Assert.HasCount(10, c.Models);
        Assert.AreEqual(c, TenantConfig.Parse(c.ToJson(), "roundtrip") with { Models = c.Models, ClosedWonStages = c.ClosedWonStages, ClosedLostStages = c.ClosedLostStages, RespondedStatuses = c.RespondedStatuses, WebChannelRules = c.WebChannelRules, EngagementWeights = c.EngagementWeights });
    }

    [TestMethod]
    public void SetParsesNumbersListsAndStrings()
    {
        var c = new TenantConfig().With(["revenue_field=ARR__c", "lookback_days=180", "models=linear,time_decay", "responded_statuses=[\"Attended\",\"Clicked\"]", "custom_x=40", "custom_y=20"], "--set");
        Assert.AreEqual("ARR__c", c.RevenueField);
        Assert.AreEqual(180, c.LookbackDays);
        CollectionAssert.AreEqual(new[] { "linear", "time_decay" }, c.Models.ToArray());
        CollectionAssert.AreEqual(new[] { "Attended", "Clicked" }, c.RespondedStatuses.ToArray());
    }

    [TestMethod]
    public void ValuesFromAClosedListAreAcceptedInAnyCaseAndStoredAsListed()
    {
        var c = new TenantConfig().With(["min_match_confidence=high", "engine=IMPALA", "influence_path=Contact_Roles", "currency=eur"], "--set");
        Assert.AreEqual(("High", "impala", "contact_roles", "EUR"), (c.MinMatchConfidence, c.Engine, c.InfluencePath, c.Currency));
        Assert.AreEqual("Low", TenantConfig.Parse("""{"min_match_confidence": "LOW"}""", "file").MinMatchConfidence);
    }

    [TestMethod]
    [DataRow("colour=blue", "unknown key 'colour'")]
    [DataRow("fiscal_year_start_month=13", "fiscal_year_start_month must be 1-12, got 13")]
    [DataRow("models=linear,Last Click", "model 'Last Click' is not a model name")]
    [DataRow("engine=spark", "engine 'spark' must be impala or mysql")]
    [DataRow("custom_x=50", "custom_x + custom_y + custom_x must be 100")]
    [DataRow("lookback_days=many", "lookback_days must be an integer, got 'many'")]
    [DataRow("custom_x=33.3", "custom_x must be an integer, got '33.3'")]
    [DataRow("time_decay_half_life_days=soon", "time_decay_half_life_days must be a number, got 'soon'")]
    [DataRow("lookback_days=1.5", "lookback_days")]
    [DataRow("time_zone=Mars/Olympus", "time_zone 'Mars/Olympus' is not a known IANA time zone")]
    [DataRow("revenue_field=Amount; DROP TABLE x", "revenue_field 'Amount; DROP TABLE x' is not a Salesforce field name")]
    [DataRow("influence_path=everyone", "influence_path 'everyone' must be one of")]
    [DataRow("currency=XYZ", "currency 'XYZ' is not an ISO 4217 currency code")]
    [DataRow("currency=dollars", "currency 'DOLLARS' is not an ISO 4217 currency code")]
    public void BadKeysAndValuesAreRefusedWithTheReason(string assignment, string message)
    {
        var e = Assert.ThrowsExactly<BadInputException>(() => new TenantConfig().With([assignment], "--set"));
        StringAssert.Contains(e.Message, message);
    }

    [TestMethod]
    public void MalformedJsonNamesTheFile()
    {
        var e = Assert.ThrowsExactly<BadInputException>(() => TenantConfig.Parse("{\"lookback_days\": ", "acme.json"));
        StringAssert.StartsWith(e.Message, "acme.json:");
        var unknown = Assert.ThrowsExactly<BadInputException>(() => TenantConfig.Parse("{\"revenue\": \"ARR__c\"}", "acme.json"));
        StringAssert.Contains(unknown.Message, "unknown key 'revenue'");
        var fraction = Assert.ThrowsExactly<BadInputException>(() => TenantConfig.Parse("{\"custom_x\": 33.3}", "acme.json"));
        Assert.AreEqual("acme.json: custom_x must be an integer", fraction.Message);
    }

    [TestMethod]
    public void ConsoleStoresVersionsAndShowsTheOneInForce()
    {
        using var tenant = new TestTenant(timeZone: "Europe/Paris");
        var output = new StringWriter();
        var error = new StringWriter();
        var bfw = new BfwConsole(tenant.Settings, output, error);

        Assert.AreEqual(0, bfw.Run(["tenant", "config", tenant.Id.Value, "--set", "revenue_field=ARR__c", "--set", "lookback_days=90"]), error.ToString());
        StringAssert.Contains(output.ToString(), "configuration version 2 saved; no data loaded yet: the setup check runs on the first cycle");
        Assert.AreEqual(2, bfw.Run(["tenant", "config", tenant.Id.Value, "--set", "lookback_days=-1"]));
        StringAssert.Contains(error.ToString(), "lookback_days must be 0-3650");
        output.GetStringBuilder().Clear();
        Assert.AreEqual(0, bfw.Run(["tenant", "config", tenant.Id.Value, "--set", "lookback_days=90"]), error.ToString());
        StringAssert.Contains(output.ToString(), "configuration unchanged; version 2 stays in force");
        Assert.AreEqual(2, new TenantConfigStore(tenant.Settings.Control.ConnectionString).Current(tenant.Id).Version, "no new version for the same settings");

        output.GetStringBuilder().Clear();
        Assert.AreEqual(0, bfw.Run(["tenant", "config", tenant.Id.Value, "--json"]));
        var shown = JsonDocument.Parse(output.ToString()).RootElement;
        Assert.AreEqual("ARR__c", shown.GetProperty("revenue_field").GetString());
        Assert.AreEqual(90, shown.GetProperty("lookback_days").GetInt32());
        Assert.AreEqual("Europe/Paris", shown.GetProperty("time_zone").GetString(), "tenant add --timezone is version 1");
    }

    [TestMethod]
    public void ModelsAreTheOnesTheTenantDatabaseDefines()
    {
        using var tenant = new TestTenant();
        var (output, error) = (new StringWriter(), new StringWriter());
        var bfw = new BfwConsole(tenant.Settings, output, error);
        var store = new TenantConfigStore(tenant.Settings.Control.ConnectionString);
        var before = store.Current(tenant.Id).Version;

        Assert.AreEqual(2, bfw.Run(["tenant", "config", tenant.Id.Value, "--set", "models=linear,last_click"]));
        StringAssert.Contains(error.ToString(), "configuration not saved: models: unknown model 'last_click' (defined in at_models: first_touch,");
        Assert.AreEqual(before, store.Current(tenant.Id).Version, "nothing saved");

        // A model is defined by its row: once there, a tenant can enable it.
        tenant.AddPositionModel("last_click", 0.1, 0.1, 0.8);
        Assert.AreEqual(0, bfw.Run(["tenant", "config", tenant.Id.Value, "--set", "models=linear,last_click"]), error.ToString());
        CollectionAssert.AreEqual(new[] { "linear", "last_click" }, store.Current(tenant.Id).Config.Models.ToArray());
    }

    [TestMethod]
    public void ConfigChecksTheLoadedDataAndRefusesAFailingChangeUnlessForced()
    {
        using var tenant = new TestTenant();
        var folder = Directory.CreateTempSubdirectory("bfw-exports-").FullName;
        try
        {
            SampleExports.Write(folder);
            new BrightFunnel.Warehouse.Orchestrator.Ingest.ExportIngestor(tenant.ConnectionString, new TenantConfig()).IngestFolder(folder);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
        var (output, error) = (new StringWriter(), new StringWriter());
        var bfw = new BfwConsole(tenant.Settings, output, error);
        var store = new TenantConfigStore(tenant.Settings.Control.ConnectionString);
        var before = store.Current(tenant.Id).Version;

        Assert.AreEqual(2, bfw.Run(["tenant", "config", tenant.Id.Value, "--set", "closed_won_stages=Closed Wonn"]));
        StringAssert.Contains(error.ToString(), "FAIL closed_won_stages: no opportunity has stage 'Closed Wonn'");
        StringAssert.Contains(error.ToString(), "configuration not saved");
        StringAssert.Contains(error.ToString(), "--force");
        Assert.AreEqual(before, store.Current(tenant.Id).Version, "nothing saved");

        Assert.AreEqual(0, bfw.Run(["tenant", "config", tenant.Id.Value, "--set", "closed_won_stages=Closed Won"]), error.ToString());
        StringAssert.Contains(output.ToString(), "setup check against the loaded data passed");

        Assert.AreEqual(0, bfw.Run(["tenant", "config", tenant.Id.Value, "--set", "closed_won_stages=Closed Wonn", "--force"]), error.ToString());
        StringAssert.Contains(output.ToString(), "despite the failed setup check (--force)");
        CollectionAssert.AreEqual(new[] { "Closed Wonn" }, store.Current(tenant.Id).Config.ClosedWonStages.ToArray());
    }
}
