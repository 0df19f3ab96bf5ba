using System.Globalization;
using System.Numerics;

namespace BrightFunnel.Warehouse.Impala.Engine.Sql.Dialect;

/// <summary>The Impala type of a literal, as its analyser types it (the smallest integer type that holds a number).</summary>
static class LiteralTypes
{
    /// <summary>The type when tokens [from, to) are one literal (a leading minus allowed); null otherwise.</summary>
    public static string? Of(DialectTokens t, int from, int to)
    {
        var negative = to - from == 2 && t.IsSymbol(from, "-");
        if (negative) from++;
        if (to - from != 1) return null;
        var token = t[from];
        if (token.Kind == SqlTokenKind.String) return negative ? null : "STRING";
        if (token.Kind != SqlTokenKind.Number) return token.Is("TRUE") || token.Is("FALSE") ? "BOOLEAN" : null;
        return Number(token.Text, negative);
    }

    /// <summary>Impala's SQL for a literal token: strings in single quotes.</summary>
    public static string Sql(SqlToken token) => token.Kind switch
    {
        SqlTokenKind.String => $"'{token.Value}'",
        SqlTokenKind.Word when token.Is("TRUE") || token.Is("FALSE") || token.Is("NULL") => token.Text.ToUpperInvariant(),
        _ => token.Text,
    };

    static string? Number(string text, bool negative)
    {
        if (text.Contains('e') || text.Contains('E')) return "DOUBLE";
        if (!text.All(c => char.IsDigit(c) || c == '.')) return null; // 1g in SET mem_limit=1g: not a number to Impala either
        if (!text.Contains('.'))
        {
            var value = BigInteger.Parse(text, CultureInfo.InvariantCulture) * (negative ? -1 : 1);
            if (value >= sbyte.MinValue && value <= sbyte.MaxValue) return "TINYINT";
            if (value >= short.MinValue && value <= short.MaxValue) return "SMALLINT";
            if (value >= int.MinValue && value <= int.MaxValue) return "INT";
            if (value >= long.MinValue && value <= long.MaxValue) return "BIGINT";
        }
        var parts = text.Split('.');
        var integer = parts[0].TrimStart('0');
        var scale = parts.Length > 1 ? parts[1].Length : 0;
        return $"DECIMAL({Math.Max(integer.Length + scale, Math.Max(scale, 1))},{scale})";
    }
}
