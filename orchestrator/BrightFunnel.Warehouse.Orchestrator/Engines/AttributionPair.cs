using System.Globalization;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Staging;
using BrightFunnel.Warehouse.Impala.Types;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Engines;

/// <summary>
/// One counted (opportunity, stage, touch) pair with the milestones it holds and the share of every
/// model of its attribution (null: none): the share columns' models, and the position models of
/// <c>at_position_weights</c>, whose share is the pair's slot weight × its part of the slot.
/// </summary>
public sealed record AttributionPair(string OpportunityId, string Stage, string TouchId, string CampaignId, string PersonId,
    DateOnly TouchDate, int Position, int TouchCount, decimal Amount, int? Milestones, IReadOnlyDictionary<string, double?> Shares)
{
    public const int FirstTouch = 1, LeadCreation = 2, OpportunityCreation = 4, ClosedWon = 8;

    /// <summary>The milestone roles the pair holds, by name; null when its attribution predates the record of them.</summary>
    public IReadOnlyList<string>? MilestoneRoles => Milestones is not { } m ? null :
        new (int Bit, string Name)[] { (FirstTouch, "first touch"), (LeadCreation, "lead creation"), (OpportunityCreation, "opportunity creation"), (ClosedWon, "closed won") }
            .Where(r => (m & r.Bit) != 0).Select(r => r.Name).ToList();
}

/// <summary>An unattributed (opportunity, stage) and the amount its attribution used.</summary>
public sealed record UnattributedRow(string OpportunityId, string Stage, decimal Amount);

/// <summary>
/// The columns of an at_paths read, found by name: every engine holds the same ones (dates as MySQL
/// day numbers in <c>touch_day</c>), and every <c>share_{model}</c> column is that model's share; a
/// position model's share is its weight for the pair's slot (<see cref="PositionWeights"/>).
/// </summary>
public sealed class PairColumns
{
    /// <summary>A model with a share column on at_paths: <c>share_{model}</c>.</summary>
    const string SharePrefix = "share_";

    readonly IReadOnlyList<PositionWeights> weights;
    readonly int opportunity, stage, touch, campaign, person, touchDay, position, touchCount, amount, milestones, slot, slotShare;
    readonly (string Model, int Column)[] shareColumns;

    public PairColumns(IReadOnlyList<string> names, IReadOnlyList<PositionWeights> weights)
    {
        this.weights = weights;
        // A cluster may name result columns after their relation (at_paths.stage); the name is what follows the dot.
        var bare = names.Select(n => n[(n.LastIndexOf('.') + 1)..]).ToList();
        int At(string name) => bare.FindIndex(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) is var i and >= 0
            ? i : throw new InvalidOperationException($"at_paths has no column {name}");
        (opportunity, stage, touch, campaign, person, touchDay) =
            (At("opportunity_id"), At("stage"), At("touch_id"), At("campaign_id"), At("person_id"), At("touch_day"));
        (position, touchCount, amount, milestones, slot, slotShare) =
            (At("position"), At("touch_count"), At("amount"), At("milestones"), At("position_slot"), At("position_slot_share"));
        shareColumns = bare.Select((n, i) => (n, i)).Where(x => x.n.StartsWith(SharePrefix, StringComparison.OrdinalIgnoreCase))
            .Select(x => (x.n[SharePrefix.Length..].ToLowerInvariant(), x.i)).ToArray();
    }

    public AttributionPair Pair(Func<int, object?> value)
    {
        var (pairSlot, pairSlotShare) = (Convert.ToInt32(value(slot), CultureInfo.InvariantCulture),
            Convert.ToDouble(value(slotShare), CultureInfo.InvariantCulture));
        var shares = new Dictionary<string, double?>();
        foreach (var (model, column) in shareColumns)
            shares[model] = value(column) is { } share ? Convert.ToDouble(share, CultureInfo.InvariantCulture) : null;
        foreach (var w in weights)
            shares[w.Model] = w.Share(pairSlot, pairSlotShare);
        return new AttributionPair((string)value(opportunity)!, (string)value(stage)!, (string)value(touch)!,
            (string)value(campaign)!, (string)value(person)!,
            MySqlDays.ToDate(value(touchDay)!),
            Convert.ToInt32(value(position), CultureInfo.InvariantCulture), Convert.ToInt32(value(touchCount), CultureInfo.InvariantCulture),
            Convert.ToDecimal(value(amount), CultureInfo.InvariantCulture),
            value(milestones) is { } ms ? Convert.ToInt32(ms, CultureInfo.InvariantCulture) : null, shares);
    }
}

/// <summary>The weights <c>at_position_weights</c> holds for one position model, by slot 1…6 (migration 0012).</summary>
public sealed record PositionWeights(string Model, double[] BySlot)
{
    public const string Select =
        "SELECT model, only_weight, first_of_two_weight, last_of_two_weight, first_weight, middle_weight, last_weight FROM ";

    public double Share(int slot, double slotShare) => BySlot[slot - 1] * slotShare;

    public static PositionWeights Read(Func<int, object?> value) =>
        new((string)value(0)!, Enumerable.Range(1, 6).Select(i => Convert.ToDouble(value(i), CultureInfo.InvariantCulture)).ToArray());
}
