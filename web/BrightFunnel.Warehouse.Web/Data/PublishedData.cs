using System.Data;
using Dapper;
using MySqlConnector;

namespace BrightFunnel.Warehouse.Web.Data;

/// <summary>
/// Reads one tenant's published analytics from bf_web, one version per read. A published version
/// never changes, so each query's result is cached by (tenant, version): a request whose queries
/// are all cached costs one round trip (the pointer). The cache is bounded (<see cref="BoundedCache"/>). A query that misses runs in a read-only
/// transaction WITH CONSISTENT SNAPSHOT, after checking the pointer inside it still names the
/// version the request started with; if a publish moved it, the request starts again inside a
/// snapshot from the start. So a page never mixes versions, even though publish deletes the old
/// version right after the switch.
/// </summary>
public sealed class PublishedData(string webConnectionString, BoundedCache cache)
{
    internal const string PointerSql =
        "SELECT version AS Version, run_id AS RunId, published_at AS PublishedAt, as_of_date AS AsOfDate, currency AS Currency, fiscal_year_start_month AS FiscalYearStartMonth FROM web_publications WHERE tenant_id = @tenant";
    internal const string BeginSnapshot = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY";

    /// <summary>Runs <paramref name="read"/> over the tenant's current version; null when nothing is published yet.</summary>
    public async Task<T?> Read<T>(string tenant, Func<PublishedSnapshot, Task<T>> read) where T : class
    {
        await using var c = new MySqlConnection(webConnectionString);
        await c.OpenAsync();
        for (var pessimistic = false; ; pessimistic = true)
        {
            if (pessimistic) await c.ExecuteAsync(BeginSnapshot);
            var publication = await c.QuerySingleOrDefaultAsync<Publication>(PointerSql, new { tenant });
            var snapshot = publication is null ? null : new PublishedSnapshot(c, tenant, publication, new VersionEntries(cache, tenant, publication), pessimistic);
            try
            {
                if (snapshot is null) return null;
                await snapshot.LoadChoices();
                return await read(snapshot);
            }
            catch (VersionMovedException) when (!pessimistic)
            {
                // a publish switched versions under this request: read again, inside a snapshot from the start
            }
            finally
            {
                if (pessimistic || snapshot?.InTransaction == true) await c.ExecuteAsync("COMMIT");
            }
        }
    }
}

/// <summary>The pointer moved between the start of a request and its first uncached query.</summary>
sealed class VersionMovedException : Exception;

/// <summary>
/// One tenant's version's view of the shared cache: its keys carry the whole publication (version,
/// run and time), so a tenant published again, or removed and added back, never meets another's entries.
/// </summary>
sealed class VersionEntries(BoundedCache cache, string tenant, Publication publication)
{
    readonly string prefix = $"{tenant}|{publication.Version}|{publication.RunId}|{publication.PublishedAt.Ticks}|";

    public bool TryGet(string key, out object? value) => cache.TryGet(prefix + key, out value);

    public void Add(string key, object value) => cache.Add(prefix + key, value);

    public Task<object> Join(string key, Task<object> mine) => cache.Join(prefix + key, mine);

    public void Built(string key, Task<object> mine) => cache.Built(prefix + key, mine);
}

/// <summary>Queries of one tenant at one version; the tenant comes from the signed-in identity, never from the request.</summary>
public sealed partial class PublishedSnapshot
{
    readonly MySqlConnection c;
    readonly string tenant;
    readonly Publication publication;
    readonly VersionEntries cache;
    Choices? choices;

    internal PublishedSnapshot(MySqlConnection c, string tenant, Publication publication, VersionEntries cache, bool inTransaction)
    {
        (this.c, this.tenant, this.publication, this.cache, InTransaction) = (c, tenant, publication, cache, inTransaction);
    }

    public Publication Publication => publication;

    internal bool InTransaction { get; private set; }

    /// <summary>The stages, models and filters this version has: what a selection may name.</summary>
    public Choices Choices => choices ?? throw new InvalidOperationException("choices are loaded first");

    internal async Task LoadChoices() => choices = await Cached("choices", async () =>
    {
        var pairs = (await c.QueryAsync<(string Model, string Filter)>(
            "SELECT DISTINCT model, filter_name FROM web_channel WHERE tenant_id = @tenant AND version = @version",
            new { tenant, version = publication.Version })).ToList();
        return new Choices(["pipeline", "revenue"],
            pairs.Select(p => p.Model).Distinct().Order(StringComparer.Ordinal).ToList(),
            pairs.Select(p => p.Filter).Distinct().OrderBy(f => f != "all").ThenBy(f => f, StringComparer.Ordinal).ToList());
    });

    /// <summary>The version's models with the parameters they ran with (none for a version published before they were kept).</summary>
    public Task<IReadOnlyList<ModelDefinition>> Models() => Cached<IReadOnlyList<ModelDefinition>>("models", async () => (await c.QueryAsync<ModelDefinition>($"""
        SELECT {ModelDefinition.Columns}
        FROM web_models WHERE tenant_id = @tenant AND version = @version ORDER BY model
        """, new { tenant, version = publication.Version })).ToList());

    /// <summary>
    /// A result from the version's cache, or built (its queries inside the snapshot) and cached: a
    /// query's rows, or a whole API response. <paramref name="key"/> must say everything the result depends on.
    /// </summary>
    public async Task<T> Cached<T>(string key, Func<Task<T>> query) where T : class
    {
        if (cache.TryGet(key, out var hit)) return (T)hit!;
        var mine = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        var build = cache.Join(key, mine.Task);
        if (build != mine.Task) return (T)await build; // another request is building it
        try
        {
            if (!InTransaction)
            {
                await c.ExecuteAsync(PublishedData.BeginSnapshot);
                InTransaction = true;
                if (await c.QuerySingleOrDefaultAsync<Publication>(PublishedData.PointerSql, new { tenant }) != publication) throw new VersionMovedException();
            }
            var value = await query();
            cache.Add(key, value);
            mine.SetResult(value);
            return value;
        }
        catch (Exception e)
        {
            mine.SetException(e);
            _ = mine.Task.Exception; // observed here: a waiter, if any, gets it too
            throw;
        }
        finally
        {
            cache.Built(key, mine.Task);
        }
    }

    static string Key(string what, Selection s, object? more = null) => $"{what}|{s.Stage}|{s.Model}|{s.Filter}|{more}";

    object Args(Selection s, object? extra = null)
    {
        var p = new DynamicParameters(new { tenant, version = publication.Version, s.Stage, s.Model, s.Filter });
        if (extra is not null) p.AddDynamicParams(extra);
        return p;
    }

    const string CampaignColumns = """
        campaign_id AS CampaignId, campaign_name AS CampaignName, channel AS Channel, attributed_amount AS AttributedAmount,
        attributed_opportunities AS AttributedOpportunities, influenced_amount AS InfluencedAmount,
        influenced_opportunities AS InfluencedOpportunities, touches AS Touches, cost AS Cost, roi AS Roi
        """;

    /// <summary>Every campaign and the unattributed row (campaign id ''), largest attributed amount first.</summary>
    public Task<IReadOnlyList<CampaignRow>> Campaigns(Selection s) => Cached<IReadOnlyList<CampaignRow>>(Key("campaigns", s), async () => (await c.QueryAsync<CampaignRow>($"""
        SELECT {CampaignColumns} FROM web_campaign
        WHERE tenant_id = @tenant AND version = @version AND filter_name = @Filter AND stage = @Stage AND model = @Model
        ORDER BY attributed_amount DESC, campaign_id
        """, Args(s))).ToList());

    public Task<IReadOnlyList<ChannelRow>> Channels(Selection s) => Cached<IReadOnlyList<ChannelRow>>(Key("channels", s), async () => (await c.QueryAsync<ChannelRow>("""
        SELECT channel AS Channel, attributed_amount AS AttributedAmount, attributed_opportunities AS AttributedOpportunities,
               influenced_amount AS InfluencedAmount, influenced_opportunities AS InfluencedOpportunities, touches AS Touches,
               cost AS Cost, roi AS Roi
        FROM web_channel
        WHERE tenant_id = @tenant AND version = @version AND filter_name = @Filter AND stage = @Stage AND model = @Model
        ORDER BY attributed_amount DESC, channel
        """, Args(s))).ToList());

    /// <summary>Oldest quarter first, as a trend reads.</summary>
    public Task<IReadOnlyList<QuarterRow>> Quarters(Selection s) => Cached<IReadOnlyList<QuarterRow>>(Key("quarters", s), async () => (await c.QueryAsync<QuarterRow>("""
        SELECT fiscal_year AS FiscalYear, fiscal_quarter AS FiscalQuarter, opportunities AS Opportunities, total_amount AS TotalAmount,
               attributed_amount AS AttributedAmount, attributed_opportunities AS AttributedOpportunities,
               unattributed_amount AS UnattributedAmount, unattributed_opportunities AS UnattributedOpportunities
        FROM web_quarter
        WHERE tenant_id = @tenant AND version = @version AND filter_name = @Filter AND stage = @Stage AND model = @Model
        ORDER BY fiscal_year, fiscal_quarter
        """, Args(s))).ToList());

    /// <summary>Accounts by attributed amount (as <c>bfw report --by account</c> orders them), at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<AccountRow>> Accounts(Selection s, int limit) => Cached<IReadOnlyList<AccountRow>>(Key("accounts", s, limit), async () => (await c.QueryAsync<AccountRow>("""
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
        """, Args(s, new { limit }))).ToList());

    /// <summary>
    /// The web activity of the published version (one per tenant, not per selection): sessions per channel
    /// and week, newest week first, and the top pages before opportunity creation, most viewed first.
    /// </summary>
    public Task<WebActivity> Web() => Cached("web", async () => new WebActivity(
        (await c.QueryAsync<WebChannelWeekRow>("""
            SELECT channel AS Channel, week_start AS WeekStart, sessions AS Sessions, identified_visitors AS IdentifiedVisitors, page_views AS PageViews
            FROM web_site_channel_weeks WHERE tenant_id = @tenant AND version = @version
            ORDER BY week_start DESC, sessions DESC, channel
            """, new { tenant, version = publication.Version })).ToList(),
        (await c.QueryAsync<WebTopPageRow>("""
            SELECT path AS Path, views AS Views, people AS People, opportunities AS Opportunities
            FROM web_site_top_pages WHERE tenant_id = @tenant AND version = @version
            ORDER BY views DESC, path
            """, new { tenant, version = publication.Version })).ToList()));

    /// <summary>One campaign under every model; empty when this tenant has no such campaign.</summary>
    public async Task<(CampaignRow? Campaign, IReadOnlyList<ModelRow> Models)> CampaignAcrossModels(string campaignId, Selection s)
    {
        var found = await Cached(Key("campaign-models", s, campaignId), async () =>
        {
            var rows = (await c.QueryAsync<CampaignRow, string, (CampaignRow, string)>($"""
                SELECT {CampaignColumns}, model AS Model FROM web_campaign
                WHERE tenant_id = @tenant AND version = @version AND filter_name = @Filter AND stage = @Stage AND campaign_id = @campaignId
                ORDER BY model
                """, (row, model) => (row, model), Args(s, new { campaignId }), splitOn: "Model")).ToList();
            return new CampaignModels(rows.Count == 0 ? null : rows[0].Item1, rows.Select(r => ToModel(r.Item2, r.Item1.AttributedAmount,
                r.Item1.AttributedOpportunities, r.Item1.InfluencedAmount, r.Item1.Touches ?? 0, r.Item1.Roi)).ToList());
        });
        return (found.Campaign, found.Models);
    }

    sealed record CampaignModels(CampaignRow? Campaign, IReadOnlyList<ModelRow> Models);

    /// <summary>One channel under every model; empty when this tenant has no such channel.</summary>
    public Task<IReadOnlyList<ModelRow>> ChannelAcrossModels(string channel, Selection s) => Cached<IReadOnlyList<ModelRow>>(Key("channel-models", s, channel), async () => (await c.QueryAsync<ModelRow>("""
        SELECT model AS Model, attributed_amount AS AttributedAmount, attributed_opportunities AS AttributedOpportunities,
               influenced_amount AS InfluencedAmount, touches AS Touches, roi AS Roi
        FROM web_channel
        WHERE tenant_id = @tenant AND version = @version AND filter_name = @Filter AND stage = @Stage AND channel = @channel
        ORDER BY model
        """, Args(s, new { channel }))).ToList());

    /// <summary>
    /// Every channel or campaign (<paramref name="rows"/>) × every model under the selection's stage
    /// and filter, the baseline being the selection's model; rows by the baseline's amount, largest
    /// first, the unattributed row left out (it is the same under every model). At most <paramref name="limit"/> rows.
    /// </summary>
    public async Task<ModelGrid> Grid(string rows, Selection s, int limit)
    {
        var cells = await Cached($"grid|{rows}|{s.Stage}|{s.Filter}", async () => (IReadOnlyList<(string Key, string Name, string Model, double Amount)>)(await c.QueryAsync<(string, string, string, double)>(
            rows == "campaign"
                ? """
                  SELECT campaign_id, COALESCE(campaign_name, campaign_id), model, attributed_amount FROM web_campaign
                  WHERE tenant_id = @tenant AND version = @version AND filter_name = @Filter AND stage = @Stage AND campaign_id <> ''
                  """
                : """
                  SELECT channel, channel, model, attributed_amount FROM web_channel
                  WHERE tenant_id = @tenant AND version = @version AND filter_name = @Filter AND stage = @Stage AND channel <> '(unattributed)'
                  """, Args(s))).ToList());
        return GridOf(rows, s, cells, limit);
    }

    /// <summary>The grid of <paramref name="cells"/> (a row's amount under a model): each model's change against the selection's, the largest rows first.</summary>
    ModelGrid GridOf(string rows, Selection s, IEnumerable<(string Key, string Name, string Model, double Amount)> cells, int limit)
    {
        var models = Choices.Models;
        var items = cells.GroupBy(x => (x.Key, x.Name)).Select(g =>
        {
            var amounts = g.ToDictionary(x => x.Model, x => x.Amount);
            var baseline = amounts.GetValueOrDefault(s.Model);
            var changes = models.ToDictionary(m => m, m => baseline == 0 ? (double?)null : (amounts.GetValueOrDefault(m) - baseline) / baseline);
            return new ModelGridRow(g.Key.Key, g.Key.Name, amounts, changes);
        }).OrderByDescending(r => r.Amounts.GetValueOrDefault(s.Model)).ThenBy(r => r.Key, StringComparer.Ordinal).Take(limit).ToList();
        return new ModelGrid(rows, s.Model, models, items);
    }

    static ModelRow ToModel(string model, double amount, double opportunities, decimal influenced, long touches, double? roi) =>
        new() { Model = model, AttributedAmount = amount, AttributedOpportunities = opportunities, InfluencedAmount = influenced, Touches = touches, Roi = roi };
}
