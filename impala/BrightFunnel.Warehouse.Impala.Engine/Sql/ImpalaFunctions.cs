namespace BrightFunnel.Warehouse.Impala.Engine.Sql;

/// <summary>
/// The Impala functions our SQL may use that DuckDB spells or behaves differently. A call is
/// renamed to the DuckDB builtin or to an <c>impala_*</c> macro that the engine creates in every
/// database at start. Functions both engines share (pow, power, coalesce, if, round, substr,
/// window functions …) pass through untouched; <c>concat</c>/<c>concat_ws</c> are rewritten by the
/// translator because Impala's return NULL when any argument is NULL.
/// </summary>
public static class ImpalaFunctions
{
    public static readonly IReadOnlyDictionary<string, string> Renames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["nvl"] = "coalesce",
        ["ifnull"] = "coalesce",
        ["isnull"] = "coalesce",
        ["nvl2"] = "impala_nvl2",
        ["zeroifnull"] = "impala_zeroifnull",
        ["nullifzero"] = "impala_nullifzero",
        ["datediff"] = "impala_datediff",
        ["date_add"] = "impala_date_add",
        ["adddate"] = "impala_date_add",
        ["days_add"] = "impala_date_add",
        ["date_sub"] = "impala_date_sub",
        ["subdate"] = "impala_date_sub",
        ["days_sub"] = "impala_date_sub",
        ["now"] = "impala_now",
        ["current_timestamp"] = "impala_now",
        ["to_date"] = "impala_to_date",
        ["unix_timestamp"] = "impala_unix_timestamp",
        ["from_unixtime"] = "impala_from_unixtime",
        ["dayofweek"] = "impala_dayofweek",
        ["weekofyear"] = "weekofyear",
        ["rand"] = "random",
        ["log"] = "impala_log",
        ["pmod"] = "impala_pmod",
        ["regexp_replace"] = "impala_regexp_replace",
        ["locate"] = "impala_locate",
        ["group_concat"] = "string_agg",
        ["ndv"] = "approx_count_distinct",
        ["appx_median"] = "median",
        ["strleft"] = "left",
        ["strright"] = "right",
        ["version"] = "impala_version",
    };

    /// <summary>Created with CREATE OR REPLACE in the database's main schema (visible from every schema).</summary>
    public static readonly IReadOnlyList<string> MacroDefinitions =
    [
        "CREATE OR REPLACE MACRO impala_nvl2(a, b, c) AS CASE WHEN a IS NOT NULL THEN b ELSE c END",
        "CREATE OR REPLACE MACRO impala_zeroifnull(a) AS coalesce(a, 0)",
        "CREATE OR REPLACE MACRO impala_nullifzero(a) AS nullif(a, 0)",
        // Impala: whole days from b to a, times of day ignored.
        "CREATE OR REPLACE MACRO impala_datediff(a, b) AS date_diff('day', CAST(b AS DATE), CAST(a AS DATE))",
        "CREATE OR REPLACE MACRO impala_date_add(d, n) AS CAST(d AS TIMESTAMP) + to_days(CAST(n AS INTEGER))",
        "CREATE OR REPLACE MACRO impala_date_sub(d, n) AS CAST(d AS TIMESTAMP) - to_days(CAST(n AS INTEGER))",
        // Impala's now() is a TIMESTAMP in local time, not DuckDB's TIMESTAMP WITH TIME ZONE.
        "CREATE OR REPLACE MACRO impala_now() AS CAST(current_localtimestamp() AS TIMESTAMP)",
        "CREATE OR REPLACE MACRO impala_to_date(t) AS CAST(t AS DATE)",
        "CREATE OR REPLACE MACRO impala_unix_timestamp() AS CAST(epoch(current_timestamp) AS BIGINT)",
        "CREATE OR REPLACE MACRO impala_from_unixtime(x) AS strftime(make_timestamp(CAST(x AS BIGINT) * 1000000), '%Y-%m-%d %H:%M:%S')",
        // Impala numbers days 1 = Sunday … 7 = Saturday; DuckDB 0 … 6.
        "CREATE OR REPLACE MACRO impala_dayofweek(d) AS dayofweek(CAST(d AS DATE)) + 1",
        // Impala: log(base, x); DuckDB's log(x) is base 10.
        "CREATE OR REPLACE MACRO impala_log(b, x) AS ln(x) / ln(b)",
        "CREATE OR REPLACE MACRO impala_pmod(a, b) AS ((a % b) + b) % b",
        // Impala replaces every match; DuckDB only the first unless 'g'.
        "CREATE OR REPLACE MACRO impala_regexp_replace(s, p, r) AS regexp_replace(s, p, r, 'g')",
        "CREATE OR REPLACE MACRO impala_locate(sub, s) AS instr(s, sub)",
        // Impala answers "impalad version X …"; `bfw impala check` reads it to tell Impala from other HS2 servers.
        $"CREATE OR REPLACE MACRO impala_version() AS 'impalad version {Hs2.ServerInfo.BuildVersion} (the local Impala engine on DuckDB ' || version() || ')'",
    ];

    /// <summary>Replaces Impala's version() answer by <paramref name="version"/> (<see cref="LocalImpalaEngineOptions.Version"/>).</summary>
    public static string VersionMacro(string version) => $"CREATE OR REPLACE MACRO impala_version() AS {ImpalaSqlTranslator.StringLiteral(version)}";
}
