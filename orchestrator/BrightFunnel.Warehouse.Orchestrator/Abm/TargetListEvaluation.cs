using BrightFunnel.Warehouse.Orchestrator.Filters;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Abm;

/// <summary>What a list holds as evaluated against the tenant's accounts: its members and the file entries matching none.</summary>
public sealed record ListEvaluation(string List, long Accounts, IReadOnlyList<TargetListEntry> Unmatched);

/// <summary>
/// Puts the tenant's lists where the procedures read them: <c>cfg_abm_lists</c>,
/// <c>cfg_abm_list_entries</c>, and each rule list's accounts in <c>an_list_members_work</c> (the
/// compiled rule over <c>cn_accounts a</c>, values as parameters); <c>an_build_list_members</c> then
/// matches the file entries. Every rule is compiled first, so a bad one changes nothing.
/// </summary>
public static class TargetListEvaluation
{
    public static void Write(MySqlConnection tenant, IReadOnlyList<TargetList> lists, RelativeDates dates)
    {
        var rules = lists.Where(l => l.Rule is not null)
            .Select(l => (l.Name, Filter: Compile(l, dates)))
            .ToList();
        tenant.Execute("DELETE FROM cfg_abm_list_entries");
        tenant.Execute("DELETE FROM cfg_abm_lists");
        tenant.Execute("DELETE FROM an_list_members_work");
        tenant.Execute("INSERT INTO cfg_abm_lists (list_name, source, definition) VALUES (@Name, @Source, @Definition)", lists);
        TargetListEntry.Insert(tenant, "cfg_abm_list_entries", lists.SelectMany(l => l.Entries.Select(e => (new object?[] { l.Name }, e))), ["list_name"]);
        foreach (var (name, filter) in rules)
        {
            filter.Parameters.Add("list_name", name);
            tenant.Execute($"INSERT INTO an_list_members_work (list_name, account_id) SELECT @list_name, a.account_id FROM cn_accounts a WHERE {filter.Predicate}",
                filter.Parameters, commandTimeout: 0);
        }
    }

    /// <summary>
    /// Evaluates <paramref name="lists"/> now (the console's preview when a list is added): writes them
    /// as <see cref="Write"/> does, matches the file entries, and reads back what each holds. Only
    /// work tables change; what a run published is untouched.
    /// </summary>
    public static IReadOnlyList<ListEvaluation> Evaluate(MySqlConnection tenant, IReadOnlyList<TargetList> lists, RelativeDates dates)
    {
        Write(tenant, lists, dates);
        tenant.Execute("CALL an_build_list_members()", commandTimeout: 0);
        var members = tenant.Query<(string List, long Accounts)>("SELECT list_name, COUNT(*) FROM an_list_members_work GROUP BY list_name")
            .ToDictionary(m => m.List, m => m.Accounts, StringComparer.Ordinal);
        var matched = tenant.Query<(string List, int Line)>("SELECT DISTINCT list_name, line_no FROM an_list_entry_matches_work").ToHashSet();
        tenant.Execute("CALL an_clear_engagement_work()");
        return lists.Select(l => new ListEvaluation(l.Name, members.GetValueOrDefault(l.Name),
            l.Entries.Where(e => !matched.Contains((l.Name, e.Line))).ToList())).ToList();
    }

    static CompiledFilter Compile(TargetList list, RelativeDates dates)
    {
        try { return FilterCompiler.Compile(list.Rule!, dates, "l", accountsOnly: true); }
        catch (BadInputException e) { throw new BadInputException($"target account list '{list.Name}': {e.Message}", e); }
    }
}
