using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Explain;

/// <summary>One counted touch of a path, as <c>bfw explain</c> shows it: every enabled model's share and credit.</summary>
public sealed record PathTouch(int Position, DateOnly Date, string TouchId, string CampaignId, string? CampaignName, string PersonId,
    IReadOnlyList<string>? Milestones, IReadOnlyDictionary<string, double> Shares, IReadOnlyDictionary<string, double> Credits);

/// <summary>One stage of an opportunity: its counted touches t1…tN and each model's sums (1 and the amount when attributed).</summary>
public sealed record StagePath(string Stage, decimal Amount, IReadOnlyList<string> Models, IReadOnlyList<PathTouch> Touches,
    IReadOnlyDictionary<string, double> ShareSums, IReadOnlyDictionary<string, double> CreditSums, bool Unattributed, string? NotAttributedBecause);

public sealed record OpportunityPathReport(string TenantId, string OpportunityId, string? Name, string? AccountId, decimal Amount,
    DateOnly? CreatedDate, DateOnly? CloseDate, bool IsWon, string ReadFrom, IReadOnlyList<StagePath> Stages);

/// <summary>
/// Why a deal was credited as it was: one opportunity's path in each stage, read from wherever the
/// pairs live (<see cref="AttributionPairs"/>), with each touch's date, campaign, person, position
/// and milestone roles, every enabled model's share and credit, and the sums.
/// </summary>
public sealed class OpportunityPath(string tenantConnectionString, ImpalaSettings impala)
{
    public OpportunityPathReport Explain(TenantId tenant, string opportunityId, string? stage = null)
    {
        if (!SalesforceId.TryLookupForm(opportunityId, out var id))
            throw new BadInputException($"'{opportunityId}' is not a Salesforce id (15 or 18 letters and digits)");
        if (stage is not null && stage is not ("pipeline" or "revenue"))
            throw new BadInputException($"--stage must be pipeline or revenue, got '{stage}'");
        var reader = new AttributionPairs(tenantConnectionString, impala);
        var info = reader.Info() ?? throw new BadInputException($"tenant {tenant} has no attribution yet: run the cycle (bfw run {tenant}) first");
        using var c = DbConnections.Tenant(tenantConnectionString);
        var o = c.QuerySingleOrDefault<(string? name, string? account, decimal amount, DateTime? created, DateTime? close, long won)>(
            "SELECT name, account_id, amount, created_date, close_date, CAST(is_won AS SIGNED) FROM cn_opportunities WHERE opportunity_id = @id", new { id });
        if (o == default)
            throw new BadInputException($"opportunity {id} is not among tenant {tenant}'s opportunities (cn_opportunities)");

        var pairs = SyncBridge.Wait(reader.ReadAsync(tenant, id, stage));
        var unattributed = SyncBridge.Wait(reader.UnattributedAsync(tenant, id)).Select(u => u.Stage).ToHashSet();
        var campaigns = c.Query<(string id, string? name)>("SELECT campaign_id, name FROM cn_campaigns WHERE campaign_id IN @ids",
            new { ids = pairs.Select(p => p.CampaignId).Distinct().ToList() }).ToDictionary(x => x.id, x => x.name);

        var stages = new List<StagePath>();
        foreach (var s in stage is null ? ["pipeline", "revenue"] : new[] { stage })
        {
            var path = pairs.Where(p => p.Stage == s).OrderBy(p => p.Position).ToList();
            if (path.Count == 0)
            {
                var why = unattributed.Contains(s) ? "unattributed: no touch counts in its window"
                    : s == "revenue" ? "not attributed in revenue: the opportunity is not won" : "not attributed";
                stages.Add(new StagePath(s, o.amount, [], [], new Dictionary<string, double>(), new Dictionary<string, double>(), unattributed.Contains(s), why));
                continue;
            }
            // A model is enabled when it gave the path any share (first touch gives t1 one, every other model every touch).
            var models = AttributionModels.Ordered(path.SelectMany(p => p.Shares).Where(s => s.Value is not null).Select(s => s.Key).Distinct());
            var touches = path.Select(p => new PathTouch(p.Position, p.TouchDate, p.TouchId, p.CampaignId, campaigns.GetValueOrDefault(p.CampaignId),
                p.PersonId, p.MilestoneRoles,
                models.ToDictionary(m => m, m => p.Shares.GetValueOrDefault(m) ?? 0),
                models.ToDictionary(m => m, m => (double)p.Amount * (p.Shares.GetValueOrDefault(m) ?? 0)))).ToList();
            stages.Add(new StagePath(s, path[0].Amount, models, touches,
                models.ToDictionary(m => m, m => touches.Sum(t => t.Shares[m])),
                models.ToDictionary(m => m, m => touches.Sum(t => t.Credits[m])), false, null));
        }
        var from = reader.Engine(tenant).Describe(info);
        return new OpportunityPathReport(tenant.Value, id, o.name, o.account, o.amount,
            o.created is { } cd ? DateOnly.FromDateTime(cd) : null, o.close is { } cl ? DateOnly.FromDateTime(cl) : null, o.won == 1, from, stages);
    }
}
