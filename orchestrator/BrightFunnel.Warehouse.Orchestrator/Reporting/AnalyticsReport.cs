using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Reporting;

public sealed record ReportQuery(string Stage = "pipeline", string Model = "linear", string By = "campaign", string Filter = "all", int Top = 10);

/// <summary>
/// Rows keyed by column name (the SQL aliases are the headers), plus the unattributed total and how
/// many opportunities the filter kept (0: its rule matched none, and every row is a zero). AsOf: the
/// day the accounts' 30- and 90-day windows end (an_build_info.as_of_date; null before it was kept).
/// </summary>
public sealed record Report(ReportQuery Query, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows,
    double AttributedTotal, double UnattributedAmount, long UnattributedOpportunities, long MatchedOpportunities, DateTime? AsOf = null);

/// <summary>Reads a tenant's analytics for <c>bfw report</c>: top rows by attributed amount, with the unattributed total.</summary>
public sealed class AnalyticsReport(string tenantConnectionString)
{
    public static readonly string[] Stages = ["pipeline", "revenue"];
    public static readonly string[] Bys = ["campaign", "channel", "account", "quarter"];

    static readonly Dictionary<string, string> Queries = new()
    {
        ["campaign"] = """
            SELECT COALESCE(campaign_name, campaign_id) AS campaign, channel, attributed_amount AS attributed,
                   attributed_opportunities AS attributed_opps, influenced_amount AS influenced,
                   influenced_opportunities AS influenced_opps, touches, cost, roi
            FROM an_campaign WHERE filter_name = @Filter AND stage = @Stage AND model = @Model AND campaign_id <> ''
            ORDER BY attributed_amount DESC, campaign_id LIMIT @Top
            """,
        ["channel"] = """
            SELECT channel, attributed_amount AS attributed, attributed_opportunities AS attributed_opps,
                   influenced_amount AS influenced, influenced_opportunities AS influenced_opps, touches, cost, roi
            FROM an_channel WHERE filter_name = @Filter AND stage = @Stage AND model = @Model AND channel <> '(unattributed)'
            ORDER BY attributed_amount DESC, channel LIMIT @Top
            """,
        ["quarter"] = """
            SELECT CONCAT('FY', fiscal_year, ' Q', fiscal_quarter) AS quarter, opportunities, total_amount AS amount,
                   attributed_amount AS attributed, attributed_opportunities AS attributed_opps,
                   unattributed_amount AS unattributed, unattributed_opportunities AS unattributed_opps
            FROM an_quarter WHERE filter_name = @Filter AND stage = @Stage AND model = @Model
            ORDER BY fiscal_year DESC, fiscal_quarter DESC LIMIT @Top
            """,
        // Attribution per account is built by the aggregate step (an_account_attribution): no reader
        // of analytics touches the pairs, which for engine = impala are not in MySQL.
        ["account"] = """
            SELECT COALESCE(a.account_name, a.account_id) AS account, COALESCE(x.attributed_amount, 0) AS attributed,
                   a.touches_30d, a.touches_90d, a.people_90d, a.last_touch_date AS last_touch,
                   a.open_pipeline, a.won_revenue
            FROM an_account a
            LEFT JOIN an_account_attribution x
              ON x.filter_name = a.filter_name AND x.account_id = a.account_id AND x.stage = @Stage AND x.model = @Model
            WHERE a.filter_name = @Filter
            ORDER BY attributed DESC, a.account_id LIMIT @Top
            """,
    };

    public Report Read(ReportQuery q)
    {
        if (!Stages.Contains(q.Stage)) throw new BadInputException($"--stage must be pipeline or revenue, got '{q.Stage}'{DidYouMean.Hint(q.Stage, Stages)}");
        if (!Bys.Contains(q.By)) throw new BadInputException($"--by must be one of {string.Join(", ", Bys)}, got '{q.By}'{DidYouMean.Hint(q.By, Bys)}");
        if (q.Top < 1) throw new BadInputException("--top must be at least 1");
        using var c = DbConnections.Tenant(tenantConnectionString);
        if (AttributionModels.Unknown(c, [q.Model], "--model") is { } unknown) throw new BadInputException(unknown);
        // A filter is named as the operator remembers it: case does not matter, and a near miss is named.
        var filters = c.Query<string>("SELECT DISTINCT filter_name FROM an_campaign").ToList();
        if (filters.Count == 0) throw new BadInputException("no analytics yet: run the cycle (bfw run <tenant>) first");
        var filter = filters.FirstOrDefault(f => f == q.Filter) ?? filters.FirstOrDefault(f => string.Equals(f, q.Filter, StringComparison.OrdinalIgnoreCase))
            ?? throw new BadInputException($"no analytics for filter '{q.Filter}'{DidYouMean.Hint(q.Filter, filters)}: add it with bfw filter add, then rerun from aggregate");
        q = q with { Filter = filter };
        var analysed = c.Query<string>("SELECT DISTINCT model FROM an_campaign WHERE filter_name = @Filter", q).ToList();
        if (!analysed.Contains(q.Model))
            throw new BadInputException($"no analytics for model '{q.Model}': the tenant's last cycle did not use it (its analytics have " +
                                        $"{string.Join(", ", AttributionModels.Ordered(analysed))}); enable it in the configuration's models and rerun from attribute");

        using var reader = c.ExecuteReader(Queries[q.By], q);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var rows = new List<object?[]>();
        while (reader.Read())
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray());
        reader.Close();

        var unattributed = c.QuerySingleOrDefault<(double amount, double count)>(
            "SELECT attributed_amount, attributed_opportunities FROM an_campaign WHERE filter_name = @Filter AND stage = @Stage AND model = @Model AND campaign_id = ''", q);
        var total = c.ExecuteScalar<double?>(
            "SELECT SUM(attributed_amount) FROM an_campaign WHERE filter_name = @Filter AND stage = @Stage AND model = @Model AND campaign_id <> ''", q) ?? 0;
        var matched = c.ExecuteScalar<long>("SELECT COUNT(*) FROM an_filter_scopes WHERE filter_name = @Filter", q);
        var asOf = c.ExecuteScalar<DateTime?>("SELECT as_of_date FROM an_build_info WHERE id = 1");
        return new Report(q, columns, rows, total, unattributed.amount, (long)unattributed.count, matched, asOf);
    }
}
