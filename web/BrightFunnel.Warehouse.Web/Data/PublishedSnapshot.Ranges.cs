using Dapper;

namespace BrightFunnel.Warehouse.Web.Data;

/// <summary>A campaign's or channel's figures in one fiscal quarter (web_campaign_quarter, web_channel_quarter).</summary>
public sealed class QuarterFigures
{
    public string Key { get; init; } = "";
    public int FiscalYear { get; init; }
    public int FiscalQuarter { get; init; }
    public double AttributedAmount { get; init; }
    public double AttributedOpportunities { get; init; }
    public decimal InfluencedAmount { get; init; }
    public long InfluencedOpportunities { get; init; }
}

/// <summary>
/// The campaigns and channels of a date range: their figures per fiscal quarter (read once per
/// selection and version) summed over the range's quarters in memory, so a range or a comparison
/// makes no query and no cache entry of its own.
/// </summary>
public sealed partial class PublishedSnapshot
{
    public Task<IReadOnlyList<QuarterFigures>> CampaignQuarters(Selection s) => QuarterRows("campaign", s);

    public Task<IReadOnlyList<QuarterFigures>> ChannelQuarters(Selection s) => QuarterRows("channel", s);

    Task<IReadOnlyList<QuarterFigures>> QuarterRows(string what, Selection s) => Cached<IReadOnlyList<QuarterFigures>>(Key($"{what}-quarters", s), async () =>
        (await c.QueryAsync<QuarterFigures>($"""
            SELECT {(what == "campaign" ? "campaign_id" : "channel")} AS `Key`, fiscal_year AS FiscalYear, fiscal_quarter AS FiscalQuarter,
                   attributed_amount AS AttributedAmount, attributed_opportunities AS AttributedOpportunities,
                   influenced_amount AS InfluencedAmount, influenced_opportunities AS InfluencedOpportunities
            FROM {(what == "campaign" ? "web_campaign_quarter" : "web_channel_quarter")}
            WHERE tenant_id = @tenant AND version = @version AND filter_name = @Filter AND stage = @Stage AND model = @Model
            """, Args(s))).ToList());

    /// <summary>
    /// Every campaign and the unattributed row in the selection's date range (all time: <see cref="Campaigns(Selection)"/>),
    /// largest attributed amount first. In a range cost stays the campaign's whole spend, so ROI is
    /// withheld, and touches are left out (they do not add up over quarters). Kept per selection and
    /// range: a page of the Campaigns table sorts and pages these rows without summing them again.
    /// </summary>
    public async Task<IReadOnlyList<CampaignRow>> Campaigns(Selection s, DateRange? range) =>
        range is null ? await Campaigns(s) : await Cached(Key("campaigns-in", s, range), () => CampaignsIn(s, range));

    async Task<IReadOnlyList<CampaignRow>> CampaignsIn(Selection s, DateRange range)
    {
        var all = await Campaigns(s);
        var (now, then) = Sums(await CampaignQuarters(s), range);
        var unattributed = await Unattributed(s, range);
        return all.Select(c => c.Unattributed
                ? new CampaignRow { CampaignName = c.CampaignName, Channel = c.Channel, AttributedAmount = unattributed.Now.Amount,
                    AttributedOpportunities = unattributed.Now.Opportunities, ComparisonAmount = range.Compared ? unattributed.Then.Amount : null,
                    Change = range.Compared ? Ratio(unattributed.Now.Amount, unattributed.Then.Amount) : null }
                : Ranged(c, now.GetValueOrDefault(c.CampaignId), then.GetValueOrDefault(c.CampaignId), range))
            .OrderByDescending(c => c.AttributedAmount).ThenBy(c => c.CampaignId, StringComparer.Ordinal).ToList();
    }

    /// <summary>Every channel and the unattributed row in the selection's date range, as <see cref="Campaigns(Selection, DateRange?)"/>.</summary>
    public async Task<IReadOnlyList<ChannelRow>> Channels(Selection s, DateRange? range) =>
        range is null ? await Channels(s) : await Cached(Key("channels-in", s, range), () => ChannelsIn(s, range));

    async Task<IReadOnlyList<ChannelRow>> ChannelsIn(Selection s, DateRange range)
    {
        var all = await Channels(s);
        var (now, then) = Sums(await ChannelQuarters(s), range);
        var unattributed = await Unattributed(s, range);
        return all.Select(c => c.Unattributed
                ? new ChannelRow { Channel = c.Channel, AttributedAmount = unattributed.Now.Amount, AttributedOpportunities = unattributed.Now.Opportunities,
                    ComparisonAmount = range.Compared ? unattributed.Then.Amount : null, Change = range.Compared ? Ratio(unattributed.Now.Amount, unattributed.Then.Amount) : null }
                : Ranged(c, now.GetValueOrDefault(c.Channel), then.GetValueOrDefault(c.Channel), range))
            .OrderByDescending(c => c.AttributedAmount).ThenBy(c => c.Channel, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The model grid (<see cref="Grid(string, Selection, int)"/>) in the selection's date range: each
    /// model's amount summed over the range's quarters. All time: the grid itself.
    /// </summary>
    public async Task<ModelGrid> Grid(string rows, Selection s, int limit, DateRange? range)
    {
        if (range is null) return await Grid(rows, s, limit);
        var names = rows == "campaign"
            ? (await Campaigns(s)).Where(c => !c.Unattributed).ToDictionary(c => c.CampaignId, c => c.Name, StringComparer.Ordinal)
            : null;
        var cells = new List<(string Key, string Name, string Model, double Amount)>();
        foreach (var model in Choices.Models)
        {
            var each = s with { Model = model };
            var (now, _) = Sums(rows == "campaign" ? await CampaignQuarters(each) : await ChannelQuarters(each), range);
            cells.AddRange(now.Select(x => (x.Key, names?.GetValueOrDefault(x.Key) ?? x.Key, model, x.Value.AttributedAmount)));
        }
        return GridOf(rows, s, cells, limit);
    }

    /// <summary>The quarter rows of a range that hold the selection's totals (web_quarter), oldest first.</summary>
    public async Task<(IReadOnlyList<QuarterRow> Now, IReadOnlyList<QuarterRow> Then)> QuartersOf(Selection s, DateRange range)
    {
        var quarters = await Quarters(s);
        return (quarters.Where(q => range.Contains(q.FiscalYear, q.FiscalQuarter)).ToList(),
                quarters.Where(q => range.InComparison(q.FiscalYear, q.FiscalQuarter)).ToList());
    }

    async Task<((double Amount, double Opportunities) Now, (double Amount, double Opportunities) Then)> Unattributed(Selection s, DateRange range)
    {
        var (now, then) = await QuartersOf(s, range);
        return ((now.Sum(q => (double)q.UnattributedAmount), now.Sum(q => (double)q.UnattributedOpportunities)),
                (then.Sum(q => (double)q.UnattributedAmount), then.Sum(q => (double)q.UnattributedOpportunities)));
    }

    static (Dictionary<string, Figures> Now, Dictionary<string, Figures> Then) Sums(IReadOnlyList<QuarterFigures> rows, DateRange range) =>
        (Sum(rows.Where(r => range.Contains(r.FiscalYear, r.FiscalQuarter))), Sum(rows.Where(r => range.InComparison(r.FiscalYear, r.FiscalQuarter))));

    static Dictionary<string, Figures> Sum(IEnumerable<QuarterFigures> rows) => rows.GroupBy(r => r.Key, StringComparer.Ordinal).ToDictionary(g => g.Key,
        g => new Figures(g.Sum(r => r.AttributedAmount), g.Sum(r => r.AttributedOpportunities), g.Sum(r => r.InfluencedAmount), g.Sum(r => r.InfluencedOpportunities)),
        StringComparer.Ordinal);

    readonly record struct Figures(double AttributedAmount, double AttributedOpportunities, decimal InfluencedAmount, long InfluencedOpportunities);

    /// <summary>A campaign (its id, name, channel and cost) with the range's figures, and the comparison's where there is one.</summary>
    static CampaignRow Ranged(CampaignRow c, Figures now, Figures then, DateRange range) => new()
    {
        CampaignId = c.CampaignId, CampaignName = c.CampaignName, Channel = c.Channel, Cost = c.Cost,
        AttributedAmount = now.AttributedAmount, AttributedOpportunities = now.AttributedOpportunities,
        InfluencedAmount = now.InfluencedAmount, InfluencedOpportunities = now.InfluencedOpportunities,
        ComparisonAmount = range.Compared ? then.AttributedAmount : null, Change = range.Compared ? Ratio(now.AttributedAmount, then.AttributedAmount) : null,
    };

    /// <summary>A channel (its name and cost) with the range's figures, as <see cref="Ranged(CampaignRow, Figures, Figures, DateRange)"/>.</summary>
    static ChannelRow Ranged(ChannelRow c, Figures now, Figures then, DateRange range) => new()
    {
        Channel = c.Channel, Cost = c.Cost,
        AttributedAmount = now.AttributedAmount, AttributedOpportunities = now.AttributedOpportunities,
        InfluencedAmount = now.InfluencedAmount, InfluencedOpportunities = now.InfluencedOpportunities,
        ComparisonAmount = range.Compared ? then.AttributedAmount : null, Change = range.Compared ? Ratio(now.AttributedAmount, then.AttributedAmount) : null,
    };

    static double? Ratio(double now, double then) => then == 0 ? null : (now - then) / then;
}
