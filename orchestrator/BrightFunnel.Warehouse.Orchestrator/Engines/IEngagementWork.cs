using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Engines;

/// <summary>
/// The engage step's heavy half, run where the engine keeps the touches: every account's signals,
/// weekly scores and spikes into <c>an_account_weeks_next</c> (empty on the cluster, where every
/// account's weeks stay), <c>an_account_spikes_next</c> and <c>an_account_spike_causes_next</c>, with
/// the listed accounts' weeks in <c>an_target_account_weeks_next</c> and their channels in
/// <c>an_account_week_channels_next</c>. The caller
/// (<see cref="Cycle.EngageStep.Engage"/>) evaluated the lists' members before, and builds the lists'
/// side after, the same on both engines.
/// </summary>
public interface IEngagementWork
{
    EngagementBuilt Build(MySqlConnection tenant, long runId, CancellationToken cancel);
}

/// <summary>
/// What the engage step built: every account's weeks and spikes (wherever the weeks stay), and the
/// tenant's last week with points over every account (null: none), the lists' "now".
/// </summary>
public sealed record EngagementBuilt(long AccountWeeks, long Spikes, string Where, DateOnly? LastWeek);
