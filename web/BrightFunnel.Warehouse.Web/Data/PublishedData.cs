using System.Data;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Web.Data;

/// <summary>
/// Reads one tenant's published analytics from bf_web. Every read runs in one read-only
/// transaction WITH CONSISTENT SNAPSHOT: the publication pointer and every table are read as of
/// the same instant, so a publish that switches versions (and then deletes the old one) while a
/// page is being built is never seen half-way.
/// </summary>
public sealed class PublishedData(string webConnectionString)
{
    /// <summary>Runs <paramref name="read"/> over the tenant's current version; null when nothing is published yet.</summary>
    public async Task<T?> Read<T>(string tenant, Func<PublishedSnapshot, Task<T>> read) where T : class
    {
        await using var c = new MySqlConnection(webConnectionString);
        await c.OpenAsync();
        await c.ExecuteAsync("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        await c.ExecuteAsync("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
        try
        {
            var publication = await c.QuerySingleOrDefaultAsync<Publication>(
                "SELECT version AS Version, run_id AS RunId, published_at AS PublishedAt FROM web_publications WHERE tenant_id = @tenant",
                new { tenant });
            return publication is null ? null : await read(new PublishedSnapshot(c, tenant, publication));
        }
        finally
        {
            if (c.State == ConnectionState.Open) await c.ExecuteAsync("COMMIT");
        }
    }
}

/// <summary>Queries of one tenant at one version; the tenant comes from the signed-in identity, never from the request.</summary>
public sealed class PublishedSnapshot(MySqlConnection c, string tenant, Publication publication)
{
    public Publication Publication => publication;

    object Args(Selection s, object? extra = null)
    {
        var p = new DynamicParameters(new { tenant, version = publication.Version, s.Stage, s.Model, s.Filter });
        if (extra is not null) p.AddDynamicParams(extra);
        return p;
    }

    public async Task<Choices> Choices()
    {
        var args = new { tenant, version = publication.Version };
        var models = (await c.QueryAsync<string>(
            "SELECT DISTINCT model FROM web_channel WHERE tenant_id = @tenant AND version = @version ORDER BY model", args)).ToList();
        var filters = (await c.QueryAsync<string>(
            "SELECT DISTINCT filter_name FROM web_channel WHERE tenant_id = @tenant AND version = @version ORDER BY filter_name <> 'all', filter_name", args)).ToList();
        return new Choices(["pipeline", "revenue"], models, filters);
    }

    const string CampaignColumns = """
        campaign_id AS CampaignId, campaign_name AS CampaignName, channel AS Channel, attributed_amount AS AttributedAmount,
        attributed_opportunities AS AttributedOpportunities, influenced_amount AS InfluencedAmount,
        influenced_opportunities AS InfluencedOpportunities, touches AS Touches, cost AS Cost, roi AS Roi
        """;

    /// <summary>Every campaign and the unattributed row (campaign id ''), largest attributed amount first.</summary>
    public async Task<IReadOnlyList<CampaignRow>> Campaigns(Selection s) => (await c.QueryAsync<CampaignRow>($"""
        SELECT {CampaignColumns} FROM web_campaign
        WHERE tenant_id = @tenant AND version = @version AND filter_name = @Filter AND stage = @Stage AND model = @Model
        ORDER BY attributed_amount DESC, campaign_id
        """, Args(s))).ToList();

    public async Task<IReadOnlyList<ChannelRow>> Channels(Selection s) => (await c.QueryAsync<ChannelRow>("""
        SELECT channel AS Channel, attributed_amount AS AttributedAmount, attributed_opportunities AS AttributedOpportunities,
               influenced_amount AS InfluencedAmount, influenced_opportunities AS InfluencedOpportunities, touches AS Touches,
               cost AS Cost, roi AS Roi
        FROM web_channel
        WHERE tenant_id = @tenant AND version = @version AND filter_name = @Filter AND stage = @Stage AND model = @Model
        ORDER BY attributed_amount DESC, channel
        """, Args(s))).ToList();

    /// <summary>Oldest quarter first, as a trend reads.</summary>
    public async Task<IReadOnlyList<QuarterRow>> Quarters(Selection s) => (await c.QueryAsync<QuarterRow>("""
        SELECT fiscal_year AS FiscalYear, fiscal_quarter AS FiscalQuarter, opportunities AS Opportunities, total_amount AS TotalAmount,
               attributed_amount AS AttributedAmount, attributed_opportunities AS AttributedOpportunities,
               unattributed_amount AS UnattributedAmount, unattributed_opportunities AS UnattributedOpportunities
        FROM web_quarter
        WHERE tenant_id = @tenant AND version = @version AND filter_name = @Filter AND stage = @Stage AND model = @Model
        ORDER BY fiscal_year, fiscal_quarter
        """, Args(s))).ToList();

    /// <summary>Accounts by attributed amount (as <c>bfw report --by account</c> orders them), at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<AccountRow>> Accounts(Selection s, int limit) => (await c.QueryAsync<AccountRow>("""
        SELECT a.account_id AS AccountId, a.account_name AS AccountName, a.touches_30d AS Touches30d, a.touches_90d AS Touches90d,
               a.people_30d AS People30d, a.people_90d AS People90d, a.last_touch_date AS LastTouchDate,
               a.open_pipeline AS OpenPipeline, a.won_revenue AS WonRevenue, COALESCE(x.attributed_amount, 0) AS AttributedAmount
        FROM web_account a
        LEFT JOIN web_account_attribution x
          ON x.tenant_id = a.tenant_id AND x.version = a.version AND x.filter_name = a.filter_name
         AND x.account_id = a.account_id AND x.stage = @Stage AND x.model = @Model
        WHERE a.tenant_id = @tenant AND a.version = @version AND a.filter_name = @Filter
        ORDER BY AttributedAmount DESC, a.account_id
        LIMIT @limit
        """, Args(s, new { limit }))).ToList();

    /// <summary>One campaign under every model; empty when this tenant has no such campaign.</summary>
    public async Task<(CampaignRow? Campaign, IReadOnlyList<ModelRow> Models)> CampaignAcrossModels(string campaignId, Selection s)
    {
        var rows = (await c.QueryAsync<CampaignRow, string, (CampaignRow, string)>($"""
            SELECT {CampaignColumns}, model AS Model FROM web_campaign
            WHERE tenant_id = @tenant AND version = @version AND filter_name = @Filter AND stage = @Stage AND campaign_id = @campaignId
            ORDER BY model
            """, (row, model) => (row, model), Args(s, new { campaignId }), splitOn: "Model")).ToList();
        return (rows.Count == 0 ? null : rows[0].Item1, rows.Select(r => ToModel(r.Item2, r.Item1.AttributedAmount, r.Item1.AttributedOpportunities,
            r.Item1.InfluencedAmount, r.Item1.Touches, r.Item1.Roi)).ToList());
    }

    /// <summary>One channel under every model; empty when this tenant has no such channel.</summary>
    public async Task<IReadOnlyList<ModelRow>> ChannelAcrossModels(string channel, Selection s) => (await c.QueryAsync<ModelRow>("""
        SELECT model AS Model, attributed_amount AS AttributedAmount, attributed_opportunities AS AttributedOpportunities,
               influenced_amount AS InfluencedAmount, touches AS Touches, roi AS Roi
        FROM web_channel
        WHERE tenant_id = @tenant AND version = @version AND filter_name = @Filter AND stage = @Stage AND channel = @channel
        ORDER BY model
        """, Args(s, new { channel }))).ToList();

    static ModelRow ToModel(string model, double amount, double opportunities, decimal influenced, long touches, double? roi) =>
        new() { Model = model, AttributedAmount = amount, AttributedOpportunities = opportunities, InfluencedAmount = influenced, Touches = touches, Roi = roi };
}
