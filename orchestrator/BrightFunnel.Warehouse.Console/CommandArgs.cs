using BrightFunnel.Warehouse.Orchestrator;

namespace BrightFunnel.Warehouse.Console;

/// <summary>
/// The console's arguments: positionals, <c>--name value</c> options and bare switches. A word
/// is a switch when the verb declares it so; anything unknown is bad usage, not a silent default.
/// </summary>
public sealed class CommandArgs
{
    static readonly HashSet<string> Switches = ["json", "wait", "inline", "help", "dry-run"];

    readonly List<string> positionals = [];
    readonly Dictionary<string, List<string>> options = new(StringComparer.Ordinal);
    readonly HashSet<string> switches = new(StringComparer.Ordinal);
    readonly HashSet<string> used = new(StringComparer.Ordinal);

    public CommandArgs(IEnumerable<string> argv)
    {
        using var e = argv.GetEnumerator();
        while (e.MoveNext())
        {
            var word = e.Current;
            if (!word.StartsWith("--", StringComparison.Ordinal)) { positionals.Add(word); continue; }
            var name = word[2..];
            var eq = name.IndexOf('=');
            if (eq > 0) { AddOption(name[..eq], name[(eq + 1)..]); continue; }
            if (Switches.Contains(name)) { switches.Add(name); continue; }
            if (!e.MoveNext()) throw new BadInputException($"option --{name} needs a value");
            AddOption(name, e.Current);
        }
    }

    void AddOption(string name, string value)
    {
        if (!options.TryGetValue(name, out var values)) options[name] = values = [];
        values.Add(value);
    }

    public IReadOnlyList<string> Positionals => positionals;

    public string Positional(int index, string what) =>
        index < positionals.Count ? positionals[index] : throw new BadInputException($"missing {what}");

    /// <summary>The value of an option given once; giving it twice is bad usage.</summary>
    public string? Option(string name)
    {
        var values = Options(name);
        if (values.Count > 1) throw new BadInputException($"--{name} given {values.Count} times");
        return values.Count == 0 ? null : values[0];
    }

    /// <summary>Every value of a repeatable option such as <c>--set</c>.</summary>
    public IReadOnlyList<string> Options(string name)
    {
        used.Add(name);
        return options.GetValueOrDefault(name) ?? [];
    }

    public string Option(string name, string fallback) => Option(name) ?? fallback;

    public string RequiredOption(string name) => Option(name) ?? throw new BadInputException($"missing --{name}");

    public int IntOption(string name, int fallback)
    {
        var text = Option(name);
        if (text is null) return fallback;
        return int.TryParse(text, out var value) ? value : throw new BadInputException($"--{name} must be a whole number, got '{text}'");
    }

    public bool Switch(string name) => switches.Contains(name);

    /// <summary>Refuses options the verb never asked for, so a typo is not ignored.</summary>
    public void RejectUnused()
    {
        var unknown = options.Keys.Where(k => !used.Contains(k)).ToList();
        if (unknown.Count > 0) throw new BadInputException($"unknown option(s): {string.Join(", ", unknown.Select(k => "--" + k))}");
    }
}
