using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Filters;

/// <summary>A filter compiled to a SQL predicate over <c>cn_opportunities o</c> and <c>cn_accounts a</c>, with its parameters.</summary>
public sealed record CompiledFilter(string Predicate, DynamicParameters Parameters);

/// <summary>
/// Compiles a dynamic filter rule — combinators <c>all</c>, <c>any</c>, <c>not</c>; conditions
/// <c>{"field", "op", "value"}</c> — into a parameterized predicate. Every value travels as a
/// parameter; field names map to a fixed catalog; anything unknown or mistyped is refused with
/// an error that names it.
/// </summary>
public sealed class FilterCompiler(RelativeDates dates)
{
    static readonly string[] Ops = ["eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "between", "contains", "starts_with", "is_null", "is_not_null"];
    const int MaxDepth = 20;

    readonly DynamicParameters parameters = new();
    int next;

    /// <param name="accountsOnly">a rule over accounts alone (a target account list): an opportunity field is refused.</param>
    public static CompiledFilter Compile(string ruleJson, RelativeDates dates, string parameterPrefix = "f", bool accountsOnly = false)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(ruleJson); }
        catch (JsonException e) { throw new BadInputException($"filter rule is not valid JSON: {e.Message}"); }
        using (doc)
        {
            var compiler = new FilterCompiler(dates) { prefix = parameterPrefix, accountsOnly = accountsOnly };
            var sql = compiler.Node(doc.RootElement, "$", 0);
            return new CompiledFilter(sql, compiler.parameters);
        }
    }

    string prefix = "f";
    bool accountsOnly;

    string Node(JsonElement node, string path, int depth)
    {
        if (depth > MaxDepth) throw Bad(path, $"nested deeper than {MaxDepth} levels");
        if (node.ValueKind != JsonValueKind.Object) throw Bad(path, "expected an object");
        var names = node.EnumerateObject().Select(p => p.Name).ToList();
        if (names.Count == 1 && names[0] is "all" or "any")
        {
            var items = node.GetProperty(names[0]);
            if (items.ValueKind != JsonValueKind.Array || items.GetArrayLength() == 0)
                throw Bad($"{path}.{names[0]}", "expected a non-empty array of rules");
            var parts = items.EnumerateArray().Select((item, i) => Node(item, $"{path}.{names[0]}[{i}]", depth + 1));
            return "(" + string.Join(names[0] == "all" ? " AND " : " OR ", parts) + ")";
        }
        if (names.Count == 1 && names[0] == "not")
            return "(NOT " + Node(node.GetProperty("not"), $"{path}.not", depth + 1) + ")";
        return Condition(node, path);
    }

    string Condition(JsonElement node, string path)
    {
        var unknownKeys = node.EnumerateObject().Select(p => p.Name).Where(n => n is not ("field" or "op" or "value")).ToList();
        if (unknownKeys.Count > 0) throw Bad(path, $"unknown key(s) {string.Join(", ", unknownKeys)} (a rule is all/any/not or field/op/value)");
        if (!node.TryGetProperty("field", out var fieldNode) || fieldNode.ValueKind != JsonValueKind.String) throw Bad(path, "missing \"field\"");
        if (!node.TryGetProperty("op", out var opNode) || opNode.ValueKind != JsonValueKind.String) throw Bad(path, "missing \"op\"");
        var field = FilterField.Resolve(fieldNode.GetString()!);
        if (accountsOnly && !field.Name.StartsWith("account.", StringComparison.Ordinal))
            throw Bad(path, $"'{field.Name}' is not an account field: a target account list's rule names account fields only (account.tier, account.custom.<Field>, …)");
        var op = opNode.GetString()!;
        if (!Ops.Contains(op)) throw Bad(path, $"unknown op '{op}' (known: {string.Join(", ", Ops)})");
        var hasValue = node.TryGetProperty("value", out var value);
        var column = Column(field);

        if (op is "is_null" or "is_not_null")
        {
            if (hasValue) throw Bad(path, $"op {op} takes no value");
            return $"{column} IS {(op == "is_null" ? "" : "NOT ")}NULL";
        }
        if (!hasValue) throw Bad(path, $"op {op} needs a value");
        var where = $"{path} ({field.Name} {op})";

        switch (op)
        {
            case "eq" or "ne" when field.Type == FieldType.Date && value.ValueKind == JsonValueKind.String && RelativeDates.IsRelative(value.GetString()!):
            case "in" or "not_in" when field.Type == FieldType.Date && value.ValueKind == JsonValueKind.String:
            {
                var (from, to) = dates.Resolve(value.GetString()!, where);
                var range = $"{column} BETWEEN {Parameter(from)} AND {Parameter(to)}";
                return op is "eq" or "in" ? range : $"NOT ({range})";
            }
            case "eq" or "ne" or "gt" or "gte" or "lt" or "lte":
            {
                if (op is "gt" or "gte" or "lt" or "lte" && field.Type is FieldType.Text or FieldType.Boolean && field.JsonPath is null)
                    throw Bad(where, $"op {op} needs a number or date field");
                var sqlOp = op switch { "eq" => "=", "ne" => "<>", "gt" => ">", "gte" => ">=", "lt" => "<", _ => "<=" };
                var p = Parameter(Scalar(field, value, where));
                return op == "ne" ? $"({column} IS NULL OR {column} <> {p})" : $"{column} {sqlOp} {p}";
            }
            case "in" or "not_in":
            {
                if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0) throw Bad(where, "expected a non-empty array of values");
                var list = string.Join(", ", value.EnumerateArray().Select(v => Parameter(Scalar(field, v, where))));
                return op == "in" ? $"{column} IN ({list})" : $"({column} IS NULL OR {column} NOT IN ({list}))";
            }
            case "between":
            {
                if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 2) throw Bad(where, "expected [low, high]");
                if (field.Type is FieldType.Text or FieldType.Boolean) throw Bad(where, "between needs a number or date field");
                return $"{column} BETWEEN {Parameter(Scalar(field, value[0], where))} AND {Parameter(Scalar(field, value[1], where))}";
            }
            default: // contains, starts_with
            {
                if (field.Type != FieldType.Text) throw Bad(where, $"op {op} needs a text field");
                if (value.ValueKind != JsonValueKind.String) throw Bad(where, "expected a text value");
                var escaped = EscapeLike(value.GetString()!);
                return $"{column} LIKE {Parameter(op == "contains" ? $"%{escaped}%" : $"{escaped}%")}";
            }
        }
    }

    string Column(FilterField field) =>
        field.JsonPath is null ? field.Sql : $"JSON_UNQUOTE(JSON_EXTRACT({field.Sql}, {Parameter(field.JsonPath)}))";

    object Scalar(FilterField field, JsonElement value, string where)
    {
        switch (field.Type)
        {
            case FieldType.Number when value.ValueKind == JsonValueKind.Number:
                return value.GetDecimal();
            case FieldType.Boolean when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                return value.GetBoolean() ? 1 : 0;
            case FieldType.Date when value.ValueKind == JsonValueKind.String:
            {
                var text = value.GetString()!;
                if (RelativeDates.IsRelative(text)) return dates.Resolve(text, where).From;
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                    return d.ToDateTime(TimeOnly.MinValue);
                throw Bad(where, $"'{text}' is not a date (yyyy-MM-dd) or a relative date ({string.Join(", ", RelativeDates.Names)})");
            }
            case FieldType.Text when value.ValueKind == JsonValueKind.String:
                return value.GetString()!;
            case FieldType.Text when value.ValueKind == JsonValueKind.Number && field.JsonPath is not null:
                return value.GetRawText(); // custom fields are exported text
        }
        throw Bad(where, $"expected a {field.Type.ToString().ToLowerInvariant()} value, got {value.ValueKind.ToString().ToLowerInvariant()} {value.GetRawText()}");
    }

    string Parameter(object value)
    {
        var name = $"{prefix}{next++}";
        parameters.Add(name, value);
        return "@" + name;
    }

    static string EscapeLike(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '%' or '_') sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }

    static BadInputException Bad(string where, string message) => new($"filter rule {where}: {message}");
}
