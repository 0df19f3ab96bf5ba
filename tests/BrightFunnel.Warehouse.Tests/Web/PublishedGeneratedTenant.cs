using BrightFunnel.Warehouse.Generation;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines.MySql;
using BrightFunnel.Warehouse.Orchestrator.Filters;
using BrightFunnel.Warehouse.Orchestrator.Ingest;
using BrightFunnel.Warehouse.Orchestrator.Tenants;
using BrightFunnel.Warehouse.Web;
using BrightFunnel.Warehouse.Web.Auth;
using Microsoft.AspNetCore.Builder;

namespace BrightFunnel.Warehouse.Tests.Web;

/// <summary>
/// A generated size-S tenant (engine mysql, so its pairs are in at_paths to check against) through
/// canonicalize, match, attribute and aggregate with <paramref name="filters"/>, published to its
/// bf_web, and the web app started on it with an API token of the tenant.
/// </summary>
sealed class PublishedGeneratedTenant : IAsyncDisposable
{
    public TestTenant Tenant { get; } = new();
    public HttpClient Api { get; private set; } = null!;
    readonly string folder = Directory.CreateTempSubdirectory("bfw-published-").FullName;
    readonly string keys = Directory.CreateTempSubdirectory("bfw-published-keys-").FullName;
    WebApplication? app;

    public static async Task<PublishedGeneratedTenant> Start(int seed, int fiscalYearStartMonth, params DynamicFilter[] filters)
    {
        var published = new PublishedGeneratedTenant();
        await published.Build(seed, fiscalYearStartMonth, filters);
        return published;
    }

    async Task Build(int seed, int fiscalYearStartMonth, DynamicFilter[] filters)
    {
        var config = new TenantConfig { RevenueField = "ARR__c", FiscalYearStartMonth = fiscalYearStartMonth };
        TenantDataGenerator.Generate(new GenerationOptions(GeneratorSize.S, seed, folder));
        new ExportIngestor(Tenant.ConnectionString, config).IngestFolder(folder);
        using (var c = Tenant.Open())
            TenantSettingsWriter.Write(c, new TenantConfigVersion(1, config, DateTime.UtcNow, "test"));
        CanonicalizeStep.Build(Tenant.ConnectionString);
        MatchStep.Match(Tenant.ConnectionString);
        new MySqlAttributionEngine(Tenant.ConnectionString).Attribute();
        AggregateStep.Aggregate(Tenant.ConnectionString, filters, RelativeDates.ForTenant(DateTime.UtcNow, "UTC", fiscalYearStartMonth));
        PublishStep.Publish(Tenant.ConnectionString, Tenant.Settings.Web.ConnectionString, Tenant.Id);
        app = WebApp.Build(new WebOptions { ConnectionString = Tenant.Settings.Web.ConnectionString, Port = 0, KeysDirectory = keys });
        await app.StartAsync();
        Api = WebTier.Bearer(WebTier.Address(app), new ApiTokens(Tenant.Settings.Web.ConnectionString).Add(Tenant.Id.Value, null));
    }

    public async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        if (app is not null) await app.DisposeAsync();
        Tenant.Dispose();
        foreach (var dir in new[] { folder, keys }) if (Directory.Exists(dir)) Directory.Delete(dir, true);
    }
}
