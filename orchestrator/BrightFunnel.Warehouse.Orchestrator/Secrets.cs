using System.Text.RegularExpressions;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>Hides passwords in anything that may reach a log line, an error or a listing.</summary>
public static partial class Secrets
{
    public const string Mask = "*****";

    /// <summary>Replaces the value of every password-like key (<c>Password=</c>, <c>Pwd=</c>, …) in free text.</summary>
    public static string MaskPasswords(string? text) =>
        string.IsNullOrEmpty(text) ? text ?? "" : PasswordPattern().Replace(text, m => m.Groups["key"].Value + Mask);

    // A value runs to the next ';' unless it is quoted; quoted values may hold ';'.
    [GeneratedRegex("""(?<key>\b(?:password|pwd|passwd)\s*=\s*)(?:"[^"]*"|'[^']*'|[^;"'\s]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordPattern();
}
