namespace BrightFunnel.Warehouse.Orchestrator.Abm;

/// <summary>One line of an uploaded list: an account id (15 or 18 characters) or a bare domain.</summary>
public sealed record TargetListEntry(int Line, string Kind, string Value)
{
    public const string Id = "id", Domain = "domain";

    /// <summary>
    /// Inserts entries in batches of 1,000 rows per statement, values as parameters:
    /// <paramref name="table"/>'s columns are <paramref name="leading"/> (the same for every row,
    /// e.g. tenant and list), then <c>line_no, kind, value</c>.
    /// </summary>
    public static void Insert(System.Data.IDbConnection c, string table, IEnumerable<(object?[] Leading, TargetListEntry Entry)> rows,
        string[] leadingColumns, System.Data.IDbTransaction? tx = null)
    {
        foreach (var chunk in rows.Chunk(1000))
        {
            var p = new Dapper.DynamicParameters();
            var values = new List<string>(chunk.Length);
            for (var i = 0; i < chunk.Length; i++)
            {
                var (leading, entry) = chunk[i];
                var names = leading.Select((v, j) => { p.Add($"c{i}_{j}", v); return $"@c{i}_{j}"; }).ToList();
                p.Add($"l{i}", entry.Line);
                p.Add($"k{i}", entry.Kind);
                p.Add($"v{i}", entry.Value);
                values.Add($"({string.Join(", ", names.Append($"@l{i}").Append($"@k{i}").Append($"@v{i}"))})");
            }
            Dapper.SqlMapper.Execute(c, $"INSERT INTO {table} ({string.Join(", ", leadingColumns)}, line_no, kind, value) VALUES {string.Join(", ", values)}", p, tx);
        }
    }
}

/// <summary>
/// A tenant's target account list (docs/abm.md): a rule over accounts (<see cref="Rule"/>, the
/// filter grammar's JSON) or an uploaded file's entries (<see cref="FileName"/>, <see cref="Entries"/>).
/// </summary>
public sealed record TargetList(string Name, string? Rule, string? FileName, IReadOnlyList<TargetListEntry> Entries)
{
    public const string RuleSource = "rule", FileSource = "file";

    public string Source => Rule is null ? FileSource : RuleSource;

    /// <summary>What the list is, as reports show it: the rule, or the file it came from.</summary>
    public string Definition => Rule ?? FileName ?? "";
}
