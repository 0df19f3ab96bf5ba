namespace BrightFunnel.Warehouse.Impala.Engine.Sql.Dialect;

/// <summary>One builtin function name: its kinds (scalar, aggregate, analytic, internal) and the argument counts it takes.</summary>
public sealed record BuiltinFunction(string Name, IReadOnlySet<string> Kinds, IReadOnlyList<(int Min, bool OrMore)> Arities)
{
    /// <summary>Internal functions (operators, conversions) exist but cannot be called by name.</summary>
    public bool Callable => Kinds.Any(k => k != "internal");

    public bool IsAnalyticOnly => Kinds.Count == 1 && Kinds.Contains("analytic");

    public bool Accepts(int arguments) => Arities.Any(a => a.OrMore ? arguments >= a.Min : arguments == a.Min);
}

/// <summary>Impala's builtin functions (the <c>_impala_builtins</c> database), from impala_functions.txt.</summary>
public static class ImpalaBuiltins
{
    /// <summary>The database that holds Impala's builtins; <c>_impala_builtins.fn()</c> is the same as <c>fn()</c>.</summary>
    public const string Database = "_impala_builtins";

    static readonly Dictionary<string, BuiltinFunction> Functions = Load();

    public static IEnumerable<string> Names => Functions.Keys;

    public static BuiltinFunction? Find(string name) => Functions.GetValueOrDefault(name);

    static Dictionary<string, BuiltinFunction> Load()
    {
        var functions = new Dictionary<string, BuiltinFunction>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in DialectData.Lines("impala_functions.txt"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 3) throw new InvalidOperationException($"impala_functions.txt: expected 'name kinds arities' but found '{line}'");
            var arities = fields[2] == "-" ? [] : fields[2].Split(',').Select(a => (int.Parse(a.TrimEnd('+'), System.Globalization.CultureInfo.InvariantCulture), a.EndsWith('+'))).ToList();
            functions[fields[0]] = new BuiltinFunction(fields[0], fields[1].Split(',').ToHashSet(), arities);
        }
        return functions;
    }
}
