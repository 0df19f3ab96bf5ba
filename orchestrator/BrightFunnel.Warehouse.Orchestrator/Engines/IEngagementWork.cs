using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Engines;

/// <summary>
/// The engage step's heavy half, run where the engine keeps the touches: every account's signals,
/// weekly scores and spikes into <c>an_account_weeks_next</c>, <c>an_account_spikes_next</c> and
/// <c>an_account_spike_causes_next</c> (with <c>an_account_week_channels_next</c>); then
/// <c>an_build_list_engagement</c> (the same on both engines) builds the lists' side and swaps it all
/// in through the run's fence. The caller wrote the lists into the tenant database first
/// (<see cref="Abm.TargetListEvaluation"/>).
/// </summary>
public interface IEngagementWork
{
    EngagementBuilt Build(MySqlConnection tenant, long runId, DateOnly runDate, CancellationToken cancel);
}

/// <summary>What the engage step built: every account's weeks and spikes (wherever the weeks stay).</summary>
public sealed record EngagementBuilt(long AccountWeeks, long Spikes, string Where);
