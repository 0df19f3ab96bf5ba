using System.Globalization;

namespace BrightFunnel.Warehouse.Testing;

/// <summary>
/// Rows numbered 0 … count-1 in SQL that Impala parses (it has no <c>range()</c>): digit tables
/// of ten UNION ALL rows, cross-joined once per decimal digit. Tests and the bench send these
/// to the local engine, which refuses DuckDB-only functions as Impala does.
/// </summary>
public static class ImpalaNumbers
{
    const string Digits = "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)";

    /// <summary>A parenthesised query with one BIGINT column <paramref name="column"/> holding 0 … count-1; give it an alias after.</summary>
    public static string Upto(long count, string column = "n")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var digits = (count - 1).ToString(CultureInfo.InvariantCulture).Length;
        var sum = string.Join(" + ", Enumerable.Range(0, digits).Select(k => k == 0 ? "d0.d" : $"CAST(d{k}.d AS BIGINT) * {BigPow(k).ToString(CultureInfo.InvariantCulture)}"));
        var from = string.Join(" CROSS JOIN ", Enumerable.Range(0, digits).Select(k => $"{Digits} d{k}"));
        return $"(SELECT {column} FROM (SELECT CAST({sum} AS BIGINT) AS {column} FROM {from}) digits WHERE {column} < {count.ToString(CultureInfo.InvariantCulture)})";
    }

    static long BigPow(int k)
    {
        long p = 1;
        for (var i = 0; i < k; i++) p *= 10;
        return p;
    }
}
