using System.Data;
using System.Text.RegularExpressions;
using Dapper;

namespace BrightFunnel.Warehouse.Migrations;

/// <summary>A model as the SQL templates see it: a row of the tenant database's <c>at_models</c>.</summary>
public sealed record ModelRow(string Model, string Kind);

/// <summary>
/// Writes out every pivot and unpivot over the attribution models from the one list of them,
/// <c>at_models</c>, the way a dbt project builds a pivot from a list: a script repeats a piece of
/// SQL once per model with <c>{{#each SET}}…{{model}}…{{/each}}</c>. The procedures are expanded
/// when they are migrated (a script preprocessor: adding a row to at_models re-applies them), the
/// Impala statements when they are sent. Only names are written out; every weight, half-life and
/// milestone stays data the SQL reads (at_model_weights), so the text changes only when the list does.
/// <list type="bullet">
/// <item><c>stored</c>: the models with a share column of their own in the pairs (every kind but
/// <c>position</c>), by kind in the order first_touch, last_touch, linear, milestone, time_decay,
/// then in the models' order (<c>display_order</c>, then name). A column list and a select list
/// written with the same sets line up.</item>
/// <item>a kind, or kinds joined by <c>|</c> (<c>milestone</c>, <c>first_touch|last_touch</c>): those models, in that order.</item>
/// <item><c>slot</c>: the six position slots of a path (docs/attribution.md), <c>{{slot}}</c> their
/// one name in both engines and <c>{{n}}</c> their number in <c>position_slot</c>.</item>
/// </list>
/// Loops do not nest. What is left of <c>{{</c> after expansion is an error that names the script and line.
/// </summary>
public sealed partial class ModelTemplate
{
    public static readonly IReadOnlyList<string> Kinds = ["first_touch", "last_touch", "linear", "position", "milestone", "time_decay"];
    /// <summary>The kinds with a share column of their own: every kind but position, in <see cref="Kinds"/>' order.</summary>
    public static readonly IReadOnlyList<string> StoredKinds = Kinds.Where(k => k != "position").ToList();
    public static readonly IReadOnlyList<string> Slots = ["only", "first_of_two", "last_of_two", "first", "middle", "last"];

    readonly IReadOnlyList<ModelRow> models;

    public ModelTemplate(IEnumerable<ModelRow> rows)
    {
        models = rows.ToList();
        foreach (var m in models)
        {
            // A model's name is written into SQL as a name (share_<model>, <model>_on): only a plain one can be.
            if (!ModelName().IsMatch(m.Model))
                throw new InvalidOperationException($"at_models: model '{m.Model}' is not a name the SQL can carry (lower-case letters, digits and _, starting with a letter, at most 16)");
            if (!Kinds.Contains(m.Kind))
                throw new InvalidOperationException($"at_models: model '{m.Model}' has unknown kind '{m.Kind}' (kinds: {string.Join(", ", Kinds)})");
        }
    }

    /// <summary>Whether a script has anything to expand.</summary>
    public static bool Uses(string text) => text.Contains("{{", StringComparison.Ordinal);

    /// <summary>The models a tenant database defines, in their order.</summary>
    public static ModelTemplate Read(IDbConnection tenant) =>
        new(tenant.Query<ModelRow>("SELECT model AS Model, kind AS Kind FROM at_models ORDER BY display_order IS NULL, display_order, model"));

    public string Expand(string text, string scriptName)
    {
        var expanded = Loop().Replace(text, m => Repeat(m, text, scriptName));
        var left = expanded.IndexOf("{{", StringComparison.Ordinal);
        if (left >= 0)
            throw new InvalidOperationException($"{scriptName}: template text left after expansion near \"{Excerpt(expanded, left)}\" (only {{{{#each SET}}}}…{{{{/each}}}} loops with {{{{model}}}}, {{{{slot}}}} and {{{{n}}}} are known)");
        return expanded;
    }

    string Repeat(Match loop, string text, string scriptName)
    {
        var set = loop.Groups["set"].Value;
        var body = loop.Groups["body"].Value;
        string Where() => $"{scriptName}:{LineOf(text, loop.Index)}";
        if (set == "slot")
            return string.Concat(Slots.Select((slot, i) => Fill(body, Where, ("slot", slot), ("n", (i + 1).ToString()))));
        var kinds = set == "stored" ? StoredKinds : set.Split('|');
        foreach (var kind in kinds.Where(k => !Kinds.Contains(k)))
            throw new InvalidOperationException($"{Where()}: {{{{#each {set}}}}} names no set of models ('{kind}'; sets: stored, slot, or kinds {string.Join("|", Kinds)})");
        return string.Concat(kinds.SelectMany(kind => models.Where(m => m.Kind == kind))
            .Select(m => Fill(body, Where, ("model", m.Model))));
    }

    static string Fill(string body, Func<string> where, params (string Name, string Value)[] values) =>
        Placeholder().Replace(body, p =>
            values.FirstOrDefault(v => v.Name == p.Groups[1].Value) is { Name: not null } v
                ? v.Value
                : throw new InvalidOperationException($"{where()}: {{{{{p.Groups[1].Value}}}}} is not known in this loop"));

    static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    static string Excerpt(string text, int at) => text.Substring(at, Math.Min(40, text.Length - at)).ReplaceLineEndings(" ");

    [GeneratedRegex(@"\{\{#each (?<set>[a-z_|]+)\}\}(?<body>.*?)\{\{/each\}\}", RegexOptions.Singleline)]
    private static partial Regex Loop();

    [GeneratedRegex(@"\{\{([a-z_]+)\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^[a-z][a-z0-9_]{0,15}$")]
    private static partial Regex ModelName();
}
