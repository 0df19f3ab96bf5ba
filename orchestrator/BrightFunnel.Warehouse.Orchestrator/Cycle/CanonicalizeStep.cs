using Dapper;
using MySql.Data.MySqlClient;
using NLog;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>
/// raw → canonical: runs the <c>cn_build_*</c> procedures in dependency order, two lanes at once (<see cref="Builds"/>), with the
/// settings the cycle copied into the tenant database (<see cref="TenantSettingsWriter"/>). Each procedure swaps in a complete table, so
/// a failure leaves the previous canonical tables in place. A table that would come out empty where it
/// had rows fails the step before its swap (<c>cn_check_not_emptied</c>) unless the run allows it (<c>--allow-empty</c>).
/// </summary>
public sealed class CanonicalizeStep : ICycleStep
{
    static readonly Logger Log = LogManager.GetCurrentClassLogger();

    /// <summary>A procedure, the table it builds, its lane, and the canonical tables it reads (built before it starts).</summary>
    public sealed record CanonicalBuild(string Procedure, string Table, int Lane, params string[] Reads);

    /// <summary>
    /// The builds in dependency order, which is also the order the step reports its tables in. They run
    /// in two lanes, each on a connection of its own: MariaDB gives a CALL one core and the machine has
    /// two; a build waits for what it reads. The touches are the longest (at L 16 s of 28), and they read
    /// only the person records, so the records and then the touches have a lane to themselves and the
    /// people are built beside the touches (at L the touches started 11 s in behind the whole of the
    /// people, 5 s in behind the records alone).
    /// </summary>
    public static readonly IReadOnlyList<CanonicalBuild> Builds =
    [
        new("cn_build_accounts", "cn_accounts", 2),
        new("cn_build_campaigns", "cn_campaigns", 2),
        new("cn_build_person_records", "cn_person_records", 1),
        new("cn_build_opportunities", "cn_opportunities", 2),
        new("cn_build_people", "cn_people", 2, "cn_person_records"),
        new("cn_build_touches", "cn_touches", 1, "cn_campaigns", "cn_person_records"),
        new("cn_build_opportunity_people", "cn_opportunity_people", 2, "cn_opportunities", "cn_person_records"),
    ];

    public string Name => CycleSteps.Canonicalize;

    public StepResult Run(StepContext run, CancellationToken cancel)
    {
        // The match step's reading and matching start once what they read is built (MatchAhead).
        var rows = Build(run.TenantConnectionString, run.AllowEmpty, cancel, table => run.MatchAhead.Built(table, run.TenantConnectionString, cancel));
        return StepResult.Done(rows.Values.Sum(), string.Join(", ", rows.Select(r => $"{r.Key} {r.Value}")));
    }

    /// <summary>Runs every build; returns rows per canonical table, in the order of <see cref="Builds"/>.</summary>
    /// <param name="built">Told each table as soon as it is swapped in, on the lane that built it.</param>
    public static IReadOnlyDictionary<string, long> Build(string tenantConnectionString, bool allowEmpty = false, CancellationToken cancel = default,
        Action<string>? built = null)
    {
        var done = Builds.ToDictionary(b => b.Table, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var rows = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        void RunLane(IReadOnlyList<CanonicalBuild> lane)
        {
            try
            {
                using var connection = DbConnections.Tenant(tenantConnectionString);
                foreach (var (procedure, table, _, reads) in lane)
                {
                    foreach (var read in reads) done[read].Task.Wait(cancel);
                    CancellableSql.Execute(connection, $"{CancellableSql.InMemory}CALL {procedure}(@allowEmpty)", new { allowEmpty }, cancel);
                    var count = connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM {table}");
                    rows[table] = count;
                    Log.Info("{procedure}: {rows} rows in {table}", procedure, count, table);
                    done[table].SetResult();
                    built?.Invoke(table);
                }
            }
            catch (Exception e)
            {
                // What this lane did not build will not come: the other lane stops at its first wait for it.
                foreach (var build in lane) done[build.Table].TrySetException(e);
                throw;
            }
        }
        var lanes = Builds.GroupBy(b => b.Lane).Select(lane => Task.Run(() => RunLane(lane.ToList()), CancellationToken.None)).ToArray();
        try { Task.WaitAll(lanes); }
        catch (AggregateException)
        {
            // The first failure, not the other lane's wait for a table that failed (the same exception).
            var first = lanes.Where(l => l.IsFaulted).Select(l => l.Exception!.InnerExceptions[0]).Select(Unwrap).First();
            if (first is MySqlException m && m.Message.Contains(" came out empty where it had rows", StringComparison.Ordinal))
                throw new CanonicalEmptiedException(m.Message.Split(' ')[0], InBuildOrder(rows).Keys.ToList());
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
        return InBuildOrder(rows);
    }

    static Dictionary<string, long> InBuildOrder(IReadOnlyDictionary<string, long> rows) =>
        Builds.Where(b => rows.ContainsKey(b.Table)).ToDictionary(b => b.Table, b => rows[b.Table]);

    static Exception Unwrap(Exception e) => e is AggregateException { InnerExceptions.Count: 1 } a ? Unwrap(a.InnerExceptions[0]) : e;
}

/// <summary>A canonical table would have come out empty where it had rows: the step fails and the previous results stay.</summary>
public sealed class CanonicalEmptiedException(string table, IReadOnlyList<string> rebuilt)
    : Exception($"{table} came out empty where it had rows, so canonicalize stopped before swapping it in: it and everything after it " +
                $"(attribution, analytics, published results) are the previous run's{(rebuilt.Count > 0 ? $"; rebuilt before it: {string.Join(", ", rebuilt)}" : "")}. " +
                "If the tenant really was emptied, run again with `bfw run <tenant> --allow-empty`.")
{
    public string Table { get; } = table;
}
