using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Testing;

/// <summary>
/// How well the engage step found the spikes a generator planted (docs/abm.md, "Generated data").
/// Recall: planted (account, week) pairs that are spikes in <c>an_account_spikes</c>, over all
/// planted. Precision: those, over every spike the step found in the accounts that had a planted
/// burst (their organic spikes count against it). Shared by the tests and the bench.
/// </summary>
public sealed record SpikeRecovery(int Planted, int Found, int DetectedInPlantedAccounts)
{
    public double Recall => Planted == 0 ? 1 : (double)Found / Planted;
    public double Precision => DetectedInPlantedAccounts == 0 ? 1 : (double)Found / DetectedInPlantedAccounts;

    public static SpikeRecovery Measure(string tenantConnectionString, IReadOnlyCollection<(string AccountId, DateOnly WeekStart)> planted)
    {
        using var c = new MySqlConnection(tenantConnectionString);
        c.Open();
        var accounts = planted.Select(p => p.AccountId).Distinct().ToList();
        var detected = new HashSet<(string, DateOnly)>();
        foreach (var chunk in accounts.Chunk(1000))
            foreach (var (account, week) in c.Query<(string, DateTime)>("SELECT account_id, week_start FROM an_account_spikes WHERE account_id IN @chunk", new { chunk }))
                detected.Add((account, DateOnly.FromDateTime(week)));
        var found = planted.Count(p => detected.Contains((p.AccountId, p.WeekStart)));
        return new SpikeRecovery(planted.Count, found, detected.Count);
    }

    public override string ToString() =>
        $"{Found} of {Planted} planted spikes found (recall {Recall:P1}); {DetectedInPlantedAccounts} spikes in those accounts (precision {Precision:P1})";
}
