namespace BrightFunnel.Warehouse.Impala.Engine.Sql.Dialect;

/// <summary>Impala's <c>--reserved_words_version</c>: which words the scanner refuses as identifiers.</summary>
public enum ReservedWordsVersion
{
    /// <summary>"2.11": only the keywords are reserved.</summary>
    Impala2_11,

    /// <summary>"3.0" (Impala's default): keywords plus SQL:2016 reserved words, less builtin function names and a whitelist.</summary>
    Impala3_0,
}

public static class ReservedWordsVersions
{
    public const string Names = "2.11|3.0";

    /// <summary>The version as Impala's flag spells it ("2.11", "3.0"); null when it is neither.</summary>
    public static ReservedWordsVersion? Parse(string? text) => text?.Trim() switch
    {
        "2.11" => ReservedWordsVersion.Impala2_11,
        "3.0" => ReservedWordsVersion.Impala3_0,
        _ => null,
    };

    public static string Name(this ReservedWordsVersion version) => version == ReservedWordsVersion.Impala2_11 ? "2.11" : "3.0";
}
