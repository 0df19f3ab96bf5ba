using System.Globalization;
using BrightFunnel.Warehouse.Orchestrator;

namespace BrightFunnel.Warehouse.Console;

/// <summary>
/// The console's arguments: positionals, <c>--name value</c> options and bare switches. Only the
/// verb knows which names it takes, so a word is read as a switch when it is a known switch name,
/// when nothing or another <c>--option</c> follows it; the verb's questions then decide, and
/// <see cref="RejectUnused"/> refuses whatever it never asked for (unknown options, stray arguments),
/// so a typo is bad usage, not a silent default.
/// </summary>
public sealed class CommandArgs
{
    // Switches that may stand before a positional (`run --wait demo`): without this list the
    // positional would be read as the switch's value.
    static readonly HashSet<string> Switches = ["json", "wait", "inline", "help", "yes", "replace", "force", "drop-database", "purge-history", "allow-empty", "dry-run"];

    readonly List<string> positionals = [];
    // A null value: the name stood alone (nothing or another option after it).
    readonly Dictionary<string, List<string?>> options = new(StringComparer.Ordinal);
    readonly HashSet<string> used = new(StringComparer.Ordinal);
    readonly HashSet<int> usedPositionals = [];

    public CommandArgs(IEnumerable<string> argv)
    {
        var words = argv.ToList();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (!word.StartsWith("--", StringComparison.Ordinal) || word == "--") { positionals.Add(word); continue; }
            var name = word[2..];
            var eq = name.IndexOf('=');
            if (eq > 0) { AddOption(name[..eq], name[(eq + 1)..]); continue; }
            if (Switches.Contains(name) || i + 1 == words.Count || words[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                AddOption(name, null);
                continue;
            }
            AddOption(name, words[++i]);
        }
    }

    void AddOption(string name, string? value)
    {
        if (!options.TryGetValue(name, out var values)) options[name] = values = [];
        values.Add(value);
    }

    /// <summary>Every positional; reading them this way marks none as used (see <see cref="OptionalPositional"/>).</summary>
    public IReadOnlyList<string> Positionals => positionals;

    public string Positional(int index, string what) =>
        OptionalPositional(index) ?? throw new BadInputException($"missing {what}");

    /// <summary>The positional at <paramref name="index"/> if given, marked as used.</summary>
    public string? OptionalPositional(int index)
    {
        if (index >= positionals.Count) return null;
        usedPositionals.Add(index);
        return positionals[index];
    }

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
        var values = options.GetValueOrDefault(name) ?? [];
        if (values.Any(v => v is null))
            throw new BadInputException($"option --{name} needs a value");
        return values!;
    }

    public string Option(string name, string fallback) => Option(name) ?? fallback;

    public string RequiredOption(string name) => Option(name) ?? throw new BadInputException($"missing --{name}");

    public int IntOption(string name, int fallback) => IntOption(name, fallback, int.MinValue, int.MaxValue);

    /// <summary>An integer option within [min, max]; anything else names the option, the range and what was given.</summary>
    public int IntOption(string name, int fallback, int min, int max)
    {
        var text = Option(name);
        if (text is null) return fallback;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        throw new BadInputException(min == int.MinValue && max == int.MaxValue
            ? $"--{name} must be an integer, got '{text}'"
            : $"--{name} must be an integer between {min} and {max}, got '{text}'");
    }

    /// <summary>A bare <c>--name</c>; <c>--name value</c> or <c>--name=value</c> is refused, the value being a stray argument.</summary>
    public bool Switch(string name)
    {
        used.Add(name);
        if (!options.TryGetValue(name, out var values)) return false;
        if (values.FirstOrDefault(v => v is not null) is { } value)
            throw new BadInputException($"--{name} takes no value, got '{value}'");
        return true;
    }

    /// <summary>Refuses options the verb never asked for and positionals it never read, so a typo is not ignored.</summary>
    public void RejectUnused()
    {
        var unknown = options.Keys.Where(k => !used.Contains(k)).ToList();
        if (unknown.Count == 1) throw new BadInputException($"unknown option --{unknown[0]}");
        if (unknown.Count > 1) throw new BadInputException($"unknown options {string.Join(", ", unknown.Select(k => "--" + k))}");
        var stray = Enumerable.Range(0, positionals.Count).FirstOrDefault(i => !usedPositionals.Contains(i), -1);
        if (stray >= 0) throw new BadInputException($"unexpected argument '{positionals[stray]}'");
    }
}
