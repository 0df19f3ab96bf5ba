using System.Data;
using BrightFunnel.Warehouse.Events;
using BrightFunnel.Warehouse.Impala.Staging;
using BrightFunnel.Warehouse.Impala.Types;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>
/// A tenant's event lake for tests, in the decided shape of <c>bfw_{tenant}.web_events</c>: the
/// columns of the lake plus <c>day</c>, as an ordinary (non-partitioned) external Parquet table
/// written with the offload's own <see cref="ParquetTableWriter"/> to the staging store, so the web
/// SQL reads it as it reads the partitioned one.
/// </summary>
static class WebLake
{
    static readonly (string Name, ImpalaType Type)[] Columns =
    [
        ("event_id", ImpalaType.String), ("visitor_id", ImpalaType.String), ("event_type", ImpalaType.String), ("event_ts", ImpalaType.BigInt),
        ("url", ImpalaType.String), ("host", ImpalaType.String), ("path", ImpalaType.String), ("title", ImpalaType.String),
        ("referrer", ImpalaType.String), ("referrer_host", ImpalaType.String), ("utm_source", ImpalaType.String), ("utm_medium", ImpalaType.String),
        ("utm_campaign", ImpalaType.String), ("utm_term", ImpalaType.String), ("utm_content", ImpalaType.String), ("email_hash", ImpalaType.String),
        ("day", ImpalaType.String),
    ];

    public static async Task WriteAsync(TestEngine engine, TenantId tenant, IEnumerable<WebEvent> events)
    {
        var table = new DataTable();
        foreach (var (name, type) in Columns) table.Columns.Add(name, type == ImpalaType.BigInt ? typeof(long) : typeof(string));
        foreach (var e in events)
            table.Rows.Add(e.EventId, e.VisitorId, e.Type == WebEventType.Identify ? "identify" : "page", e.Timestamp,
                e.Url, e.Host, e.Path, e.Title, e.Referrer, e.ReferrerHost, e.UtmSource, e.UtmMedium, e.UtmCampaign, e.UtmTerm, e.UtmContent,
                e.EmailHash, e.Day);
        var settings = engine.OffloadSettings();
        var store = settings.StagingStore();
        var folder = $"events/{tenant.Value}/all";
        var columns = Columns.Select(c => new StagedColumn(c.Name, c.Type)).ToList();
        using (var reader = table.CreateDataReader())
            await new ParquetTableWriter(columns).WriteAsync(reader, store, folder);
        await using var session = await engine.OpenSessionAsync();
        var database = $"bfw_{tenant.Value}";
        await session.ExecuteNonQueryAsync(ImpalaDdl.CreateDatabase(database));
        await session.ExecuteNonQueryAsync(ImpalaDdl.DropTable(database, "web_events"));
        await session.ExecuteNonQueryAsync(ImpalaDdl.CreateExternalTable(database, "web_events", columns, store.LocationOf(folder)));
        await session.ExecuteNonQueryAsync(ImpalaDdl.Refresh(database, "web_events"));
    }
}

/// <summary>Builds a visitor's events by minutes from a start, so tests read like a timeline.</summary>
sealed class Visitor(string id, DateTimeOffset start)
{
    readonly List<WebEvent> events = [];
    int next;

    public IReadOnlyList<WebEvent> Events => events;

    public Visitor Page(double minute, string path = "/", string? referrerHost = null, string? source = null, string? medium = null,
        string? campaign = null, string host = "www.acme.com")
    {
        events.Add(new WebEvent
        {
            EventId = $"{id}-{next++:D3}", VisitorId = id, Type = WebEventType.Page, Timestamp = At(minute),
            Url = $"https://{host}{path}", Host = host, Path = path, ReferrerHost = referrerHost,
            Referrer = referrerHost is null ? null : $"https://{referrerHost}/", UtmSource = source, UtmMedium = medium, UtmCampaign = campaign,
        });
        return this;
    }

    public Visitor Identify(double minute, string email)
    {
        events.Add(new WebEvent
        {
            EventId = $"{id}-{next++:D3}", VisitorId = id, Type = WebEventType.Identify, Timestamp = At(minute), EmailHash = EmailHashing.Hash(email),
        });
        return this;
    }

    long At(double minute) => start.AddMinutes(minute).ToUnixTimeMilliseconds();
}
