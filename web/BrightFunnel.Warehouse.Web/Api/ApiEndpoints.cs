using System.Text.Json;
using BrightFunnel.Warehouse.Web.Auth;
using BrightFunnel.Warehouse.Web.Data;
using BrightFunnel.Warehouse.Web.Pages;

namespace BrightFunnel.Warehouse.Web.Api;

/// <summary>A response: the version it was read from, the selection, and its rows; in a date range, its quarters and comparison's.</summary>
public sealed record ApiRows<T>(Publication Publication, Selection Selection, IReadOnlyList<T> Rows,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] DateRange? Range = null);

/// <summary>One campaign under every model.</summary>
public sealed record ApiCampaignModels(Publication Publication, Selection Selection, CampaignRow Campaign, IReadOnlyList<ModelRow> Models);

public sealed record ApiChoices(Publication Publication, IReadOnlyList<string> Stages, IReadOnlyList<string> Models, IReadOnlyList<string> Filters);

/// <summary>The tenant's web activity at the version it was read from.</summary>
public sealed record ApiWebActivity(Publication Publication, IReadOnlyList<WebChannelWeekRow> ChannelWeeks, IReadOnlyList<WebTopPageRow> TopPages);

public sealed record ApiError(string Error, string? Parameter = null);

/// <summary>A model of the version: its id, plain name, kind, one-line definition and the parameters it ran with.</summary>
public sealed record ApiModelDefinition(string Model, string Name, string Definition, ModelDefinition Parameters);

/// <summary>The plain names and definitions the pages show: every metric, and every model of the version.</summary>
public sealed record ApiDefinitions(Publication Publication, IReadOnlyList<Glossary.Term> Metrics, IReadOnlyList<ApiModelDefinition> Models);

/// <summary>Channels or campaigns × models, with each model's change against the baseline (the selection's model).</summary>
public sealed record ApiModelGrid(Publication Publication, Selection Selection, ModelGrid Grid,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] DateRange? Range = null);

/// <summary>A deal a campaign touched: the deal, the campaign's touches on it, its credit under the selection's model and under every model.</summary>
public sealed record ApiCampaignDeal(DealRow Deal, long Touches, DateOnly FirstTouchDate, DateOnly LastTouchDate, double Credit, IReadOnlyDictionary<string, double> Credits);

/// <summary>The deals a campaign touched in the selection's stage, filter and range, by credit.</summary>
public sealed record ApiCampaignDeals(Publication Publication, Selection Selection, CampaignRow Campaign, IReadOnlyList<ApiCampaignDeal> Deals,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] DateRange? Range = null);

/// <summary>One deal's path in each stage with every model's credit per campaign.</summary>
public sealed record ApiDealPath(Publication Publication, DealPath Path);

/// <summary>The published target account lists.</summary>
public sealed record ApiAbmLists(Publication Publication, IReadOnlyList<AbmListRow> Lists);

/// <summary>One list and its accounts by engagement score.</summary>
public sealed record ApiTargetAccounts(Publication Publication, AbmListRow List, IReadOnlyList<TargetAccountRow> Accounts);

/// <summary>One target account's journey.</summary>
public sealed record ApiAccountJourney(Publication Publication, AccountJourney Journey);

/// <summary>
/// <c>/api/v1/…</c> for BI tools: the pages' data as JSON, behind <c>Authorization: Bearer</c>.
/// Stage, model and filter are query parameters (defaults pipeline, linear, all); the tenant is the token's.
/// </summary>
public static class ApiEndpoints
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new HundredthsConverter() } };

    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute
            { AuthenticationSchemes = BearerTokenHandler.SchemeName }).WithTags("analytics");
        api.MapGet("/models", (HttpContext h, PublishedData d) => Read(h, d, (s, _) =>
            Task.FromResult<object?>(new ApiChoices(s.Publication, s.Choices.Stages, s.Choices.Models, s.Choices.Filters))))
            .Produces<ApiChoices>().WithSummary("The stages, models and filters of the published version");
        api.MapGet("/definitions", (HttpContext h, PublishedData d) => Read(h, d, async (s, _) => new ApiDefinitions(s.Publication, Glossary.Metrics,
                (await s.Models()).Where(m => s.Choices.Models.Contains(m.Model)).Select(m => new ApiModelDefinition(m.Model, Glossary.ModelName(m.Model), Glossary.Define(m), m)).ToList())))
            .Produces<ApiDefinitions>().WithSummary("Plain names and one-line definitions of every metric and of every model of the published version");
        api.MapGet("/models/grid", (HttpContext h, PublishedData d) => Parsed(() => ModelGridPage.Parse(h.Request.Query), p =>
                Read(h, d, async (s, q) => DateRange.Resolve(q, s.Publication) is var range
                    ? new ApiModelGrid(s.Publication, q, await s.Grid(p.Rows, q, p.Limit, range), range) : null, $"rows={p.Rows}|limit={p.Limit}")))
            .Produces<ApiModelGrid>().Produces<ApiError>(400)
            .WithSummary("Channels or campaigns (rows=channel|campaign, limit 1-1000, default 50) × every model; changes against the baseline, the model parameter" + RangeSummary)
            .WithDescription(Glossary.ModelChange);
        api.MapGet("/campaigns", (HttpContext h, PublishedData d) => h.Request.Query["channel"].ToString() is { Length: > 0 } channel
                ? Read(h, d, async (s, q) => DateRange.Resolve(q, s.Publication) is var range
                        ? new ApiRows<CampaignRow>(s.Publication, q, (await s.Campaigns(q, range)).Where(c => c.InChannel(channel)).ToList(), range) : null,
                    $"channel={channel}", async (s, q) =>
                    {
                        if (!(await s.Channels(q)).Any(c => !c.Unattributed && c.Channel == channel))
                            throw new BadSelectionException("channel", $"channel '{channel}' has no campaign in this version");
                    })
                : Read(h, d, async (s, q) => DateRange.Resolve(q, s.Publication) is var range
                    ? new ApiRows<CampaignRow>(s.Publication, q, await s.Campaigns(q, range), range) : null))
            .Produces<ApiRows<CampaignRow>>().Produces<ApiError>(400)
            .WithSummary("Every campaign and the unattributed row (campaignId \"\"); with channel=NAME, that channel's campaigns only (the drill-down from a channel)" + RangeSummary)
            .WithDescription(Glossary.CostUnderAFilter + " " + Glossary.CostInARange + " " + Glossary.DateRanges);
        api.MapGet("/campaigns/{id}", (string id, HttpContext h, PublishedData d) => Identifiers.IsCampaignId(id)
                ? Read(h, d, async (s, q) =>
                {
                    var (campaign, models) = await s.CampaignAcrossModels(id, q);
                    return campaign is null ? null : new ApiCampaignModels(s.Publication, q, campaign, models);
                })
                : Task.FromResult(Results.BadRequest(new ApiError(Identifiers.NotACampaignId(id), "id"))))
            .Produces<ApiCampaignModels>().Produces<ApiError>(400).Produces<ApiError>(404).WithSummary("One campaign under every model");
        api.MapGet("/campaigns/{id}/deals", (string id, HttpContext h, PublishedData d) => Identifiers.IsCampaignId(id)
                ? Read(h, d, async (s, q) =>
                {
                    var range = DateRange.Resolve(q, s.Publication);
                    if ((await s.Campaigns(q)).FirstOrDefault(c => !c.Unattributed && c.CampaignId == id) is not { } campaign) return null;
                    var deals = (await s.CampaignDeals(id, q, range)).Select(x => new ApiCampaignDeal(x.Deal, x.Path.Touches,
                        x.Path.FirstTouchDate, x.Path.LastTouchDate, x.Path.Credit(q.Model), x.Path.Credits)).ToList();
                    return new ApiCampaignDeals(s.Publication, q, campaign, deals, range);
                })
                : Task.FromResult(Results.BadRequest(new ApiError(Identifiers.NotACampaignId(id), "id"))))
            .Produces<ApiCampaignDeals>().Produces<ApiError>(400).Produces<ApiError>(404)
            .WithSummary("The deals a campaign touched in the stage (under the filter, in the range), by the model's credit: the drill-down from a campaign" + RangeSummary);
        api.MapGet("/deals/{id}", (string id, HttpContext h, PublishedData d) => Identifiers.IsRecordId(id)
                ? Read(h, d, async (s, _) => await s.Deal(id) is { } path ? new ApiDealPath(s.Publication, path) : null)
                : Task.FromResult(Results.BadRequest(new ApiError($"'{id}' is not an opportunity id (15 or 18 letters and digits)", "id"))))
            .Produces<ApiDealPath>().Produces<ApiError>(400).Produces<ApiError>(404)
            .WithSummary("One deal's path in each stage: its campaigns by first touch with every model's credit (bfw explain's touches summed per campaign)");
        api.MapGet("/channels", (HttpContext h, PublishedData d) => Read(h, d, async (s, q) => DateRange.Resolve(q, s.Publication) is var range
                ? new ApiRows<ChannelRow>(s.Publication, q, await s.Channels(q, range), range) : null))
            .Produces<ApiRows<ChannelRow>>().Produces<ApiError>(400).WithSummary("Every channel and (unattributed)" + RangeSummary)
            .WithDescription(Glossary.CostUnderAFilter + " " + Glossary.CostInARange + " " + Glossary.DateRanges);
        api.MapGet("/quarters", (HttpContext h, PublishedData d) => Read(h, d, async (s, q) => new ApiRows<QuarterRow>(s.Publication, q, await s.Quarters(q))))
            .Produces<ApiRows<QuarterRow>>().WithSummary("Fiscal quarters, oldest first");
        api.MapGet("/accounts", (HttpContext h, PublishedData d) => Parsed(() => Limits.Parse(h.Request.Query, "limit", 100, 1, 10000), limit => Read(h, d, async (s, q) =>
            new ApiRows<AccountRow>(s.Publication, q, await s.Accounts(q, limit)), $"limit={limit}")))
            .Produces<ApiRows<AccountRow>>().WithSummary("Accounts by attributed amount (limit 1-10000, default 100)");
        api.MapGet("/web", (HttpContext h, PublishedData d) => Read(h, d, async (s, _) =>
        {
            var web = await s.Web();
            return new ApiWebActivity(s.Publication, web.ChannelWeeks, web.TopPages);
        })).Produces<ApiWebActivity>().WithSummary("Web sessions and identified visitors per channel and ISO week; top pages viewed before opportunity creation");
        api.MapGet("/abm/lists", (HttpContext h, PublishedData d) => Read(h, d, async (s, _) => new ApiAbmLists(s.Publication, await s.AbmLists())))
            .Produces<ApiAbmLists>().WithSummary("Target account lists: source, accounts, engaged this quarter, entries matching no account");
        api.MapGet("/abm/lists/{name}/accounts", (string name, HttpContext h, PublishedData d) => Read(h, d, async (s, _) =>
            (await s.AbmLists()).FirstOrDefault(l => l.ListName == name) is { } list
                ? new ApiTargetAccounts(s.Publication, list, await s.TargetAccounts(list.ListName)) : null))
            .Produces<ApiTargetAccounts>().Produces<ApiError>(404).WithSummary("A list's accounts by engagement score: 13-week trend, pipeline, revenue, latest spike");
        api.MapGet("/accounts/{id}/journey", (string id, HttpContext h, PublishedData d) => AccountJourneyPage.IsAccountId(id)
                ? Read(h, d, async (s, _) => await s.Journey(id) is { } journey ? new ApiAccountJourney(s.Publication, journey) : null)
                : Task.FromResult(Results.BadRequest(new ApiError($"'{id}' is not an account id (15 or 18 letters and digits)", "id"))))
            .Produces<ApiAccountJourney>().Produces<ApiError>(400).Produces<ApiError>(404)
            .WithSummary("A target account's journey: weekly engagement, spikes with causes, timeline, the models' credit for its won deals");
    }

    const string RangeSummary = "; range=all|this-quarter|last-quarter|this-year|last-12-months and compare=none|previous|year-ago for a date range and a comparison period";

    /// <summary>The route's own parameters, checked before anything is read or cached: a bad one is a 400 naming it.</summary>
    static Task<IResult> Parsed<T>(Func<T> parse, Func<T, Task<IResult>> read)
    {
        T parameters;
        try
        {
            parameters = parse();
        }
        catch (BadSelectionException e)
        {
            return Task.FromResult(Results.BadRequest(new ApiError(e.Message, e.Parameter)));
        }
        return read(parameters);
    }

    /// <summary>
    /// Reads a response at the tenant's current version. The serialized response is cached with the
    /// version's query results, keyed by what was parsed and checked only (the path, the selection and
    /// <paramref name="parsed"/>, e.g. the limit), never by raw query text: parameters a route does not
    /// take, or junk, cannot make entries. A BI tool polling a large tenant does not pay for
    /// serializing the same rows again. Null: 404.
    /// </summary>
    static async Task<IResult> Read(HttpContext http, PublishedData data, Func<PublishedSnapshot, Selection, Task<object?>> read, string parsed = "",
        Func<PublishedSnapshot, Selection, Task>? check = null)
    {
        var tenant = http.User.TenantOf();
        try
        {
            var body = await data.Read(tenant, async s =>
            {
                var q = Selections.Parse(http.Request.Query, s.Choices);
                if (check is not null) await check(s, q); // a value the version does not have is refused before it can key the cache
                return await s.Cached($"api|{http.Request.Path}|{q.Stage}|{q.Model}|{q.Filter}|{q.Range}|{q.Compare}|{parsed}", async () =>
                    await read(s, q) is { } response ? JsonSerializer.SerializeToUtf8Bytes(response, response.GetType(), Json) : []);
            });
            if (body is null) return Results.NotFound(new ApiError($"nothing is published for {tenant} yet"));
            return body.Length == 0 ? Results.NotFound(new ApiError($"no such {http.Request.Path.Value?.Split('/')[3].TrimEnd('s')} at this tenant"))
                : Results.Bytes(body, "application/json; charset=utf-8");
        }
        catch (BadSelectionException e)
        {
            return Results.BadRequest(new ApiError(e.Message, e.Parameter));
        }
    }
}
