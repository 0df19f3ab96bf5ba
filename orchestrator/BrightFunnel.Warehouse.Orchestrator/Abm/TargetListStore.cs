using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BrightFunnel.Warehouse.Orchestrator.Filters;
using BrightFunnel.Warehouse.Orchestrator.Tenants;
using Dapper;

namespace BrightFunnel.Warehouse.Orchestrator.Abm;

/// <summary>
/// A tenant's target account lists in <c>bf_control.abm_lists</c> (entries of a file list in
/// <c>abm_list_entries</c>, one row per line). A rule is compiled (account fields only) before it is
/// stored; the same definition again changes nothing, another one needs <c>replace</c>.
/// </summary>
public sealed partial class TargetListStore(string controlConnectionString)
{
    public Registration Add(TenantId tenant, TargetList list, RelativeDates dates, bool replace = false)
    {
        var name = CheckName(list.Name);
        if (list.Rule is not null) FilterCompiler.Compile(list.Rule, dates, accountsOnly: true);
        using var c = DbConnections.Control(controlConnectionString);
        using var tx = c.BeginTransaction();
        var existing = Find(c, tenant, name, tx);
        if (existing is not null)
        {
            if (Same(existing, list)) return Registration.Unchanged;
            if (!replace)
                throw new BadInputException($"tenant {tenant} has a list '{name}' already ({existing.Source}: {existing.Definition}): pass --replace to change it");
            c.Execute("DELETE FROM abm_lists WHERE tenant_id = @tenant AND list_name = @name", new { tenant = tenant.Value, name }, tx);
        }
        c.Execute("INSERT INTO abm_lists (tenant_id, list_name, source, rule, file_name) VALUES (@tenant, @name, @source, @rule, @file)",
            new { tenant = tenant.Value, name, source = list.Source, rule = list.Rule, file = list.FileName }, tx);
        TargetListEntry.Insert(c, "abm_list_entries", list.Entries.Select(e => (new object?[] { tenant.Value, name }, e)), ["tenant_id", "list_name"], tx);
        tx.Commit();
        return existing is null ? Registration.Added : new Registration(true, [$"{existing.Source} {existing.Definition} → {list.Source} {list.Definition}"]);
    }

    public IReadOnlyList<TargetList> List(TenantId tenant)
    {
        using var c = DbConnections.Control(controlConnectionString);
        var entries = c.Query<(string List, int Line, string Kind, string Value)>(
                "SELECT list_name, line_no, kind, value FROM abm_list_entries WHERE tenant_id = @tenant ORDER BY list_name, line_no",
                new { tenant = tenant.Value })
            .ToLookup(e => e.List, e => new TargetListEntry(e.Line, e.Kind, e.Value), StringComparer.Ordinal);
        return c.Query<(string Name, string? Rule, string? File)>(
                "SELECT list_name, rule, file_name FROM abm_lists WHERE tenant_id = @tenant ORDER BY list_name", new { tenant = tenant.Value })
            .Select(l => new TargetList(l.Name, l.Rule, l.File, entries[l.Name].ToList()))
            .ToList();
    }

    public TargetList Get(TenantId tenant, string name)
    {
        using var c = DbConnections.Control(controlConnectionString);
        return Find(c, tenant, CheckName(name), null) ?? throw new BadInputException($"tenant {tenant} has no target account list '{name.Trim()}'");
    }

    public void Remove(TenantId tenant, string name)
    {
        name = CheckName(name);
        using var c = DbConnections.Control(controlConnectionString);
        if (c.Execute("DELETE FROM abm_lists WHERE tenant_id = @tenant AND list_name = @name", new { tenant = tenant.Value, name }) == 0)
            throw new BadInputException($"tenant {tenant} has no target account list '{name}'");
    }

    /// <summary>One list; within <paramref name="tx"/> its row is locked until the caller's change commits.</summary>
    static TargetList? Find(System.Data.IDbConnection c, TenantId tenant, string name, System.Data.IDbTransaction? tx)
    {
        var row = c.QuerySingleOrDefault<(string Name, string? Rule, string? File)?>(
            "SELECT list_name, rule, file_name FROM abm_lists WHERE tenant_id = @tenant AND list_name = @name" + (tx is null ? "" : " FOR UPDATE"),
            new { tenant = tenant.Value, name }, tx);
        if (row is not { } l) return null;
        var entries = c.Query<TargetListEntry>(
            "SELECT line_no AS Line, kind AS Kind, value AS Value FROM abm_list_entries WHERE tenant_id = @tenant AND list_name = @name ORDER BY line_no",
            new { tenant = tenant.Value, name }, tx).ToList();
        return new TargetList(l.Name, l.Rule, l.File, entries);
    }

    static bool Same(TargetList a, TargetList b) =>
        a.Rule is not null && b.Rule is not null
            ? JsonNode.DeepEquals(JsonNode.Parse(a.Rule), JsonNode.Parse(b.Rule))
            : a.Rule is null && b.Rule is null && a.FileName == b.FileName && a.Entries.SequenceEqual(b.Entries);

    /// <summary>A name as typed without the spaces around it (MariaDB ignores trailing spaces when comparing).</summary>
    static string CheckName(string name)
    {
        name = name.Trim();
        if (!NamePattern().IsMatch(name) || name.Contains("  ", StringComparison.Ordinal))
            throw new BadInputException($"invalid list name '{name}': 1-80 ASCII letters, digits, '_', '-' or single spaces between words");
        return name;
    }

    [GeneratedRegex("^[A-Za-z0-9 _-]{1,80}$")]
    private static partial Regex NamePattern();
}
